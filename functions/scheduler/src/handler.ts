import { EventTypes, SchedulerTickedDataSchema } from "@casemix/events";
import { periodClosedEvent, periodToClose } from "@casemix/month-end";
import type { FunctionDefinition } from "@casemix/runtime";

/**
 * Turns the PingSource's daily `month-end` tick into `period.closed` for the previous month (Kuala
 * Lumpur time). Every tick of a month names the same close run (`run_close_<YYYY-MM>`), so only the
 * first starts it and the rest are no-ops at price; ticks of other schedules are acknowledged.
 */
export function createSchedulerHandler(): FunctionDefinition {
  return {
    name: "scheduler",
    handle: async (event, ctx) => {
      if (event.type !== EventTypes.schedulerTicked) return {};
      const data = SchedulerTickedDataSchema.parse(event.data);
      if (data.schedule !== "month-end") return {};
      const tick = event.time ? new Date(event.time) : ctx.now();
      const { specversion: _, source: __, ...reply } = periodClosedEvent(periodToClose(tick), { now: tick, source: "/casemix/scheduler" });
      return { reply };
    },
  };
}
