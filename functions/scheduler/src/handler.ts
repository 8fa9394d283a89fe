import { createEvent, EventTypes, SchedulerTickedDataSchema } from "@casemix/events";
import { periodClosedEvent, periodToClose } from "@casemix/month-end";
import type { FunctionDefinition } from "@casemix/runtime";

/**
 * Turns the PingSource's daily `month-end` tick into `period.closed` for the previous month (Kuala
 * Lumpur time). Every tick of a month names the same close run (`run_close_<YYYY-MM>`), so only the
 * first starts it and the rest are no-ops at price. The hourly `appeal-deadlines` tick becomes
 * `appeal.deadlines.reached` carrying the tick's time: appeals compares every deadline with that
 * time, not its own clock, so a test (or a replay) sets the clock by the tick it sends. Ticks of other
 * schedules are acknowledged.
 */
export function createSchedulerHandler(): FunctionDefinition {
  return {
    name: "scheduler",
    handle: async (event, ctx) => {
      if (event.type !== EventTypes.schedulerTicked) return {};
      const data = SchedulerTickedDataSchema.parse(event.data);
      const tick = event.time ? new Date(event.time) : ctx.now();
      if (data.schedule === "appeal-deadlines") {
        const reply = createEvent({
          type: EventTypes.appealDeadlinesReached, from: "scheduler", causeId: event.id, traceparent: event.traceparent,
          time: tick.toISOString(), data: { at: tick.toISOString() },
        });
        const { specversion: _, source: __, ...draft } = reply;
        return { reply: draft };
      }
      if (data.schedule !== "month-end") return {};
      const { specversion: _, source: __, ...reply } = periodClosedEvent(periodToClose(tick), { now: tick, source: "/casemix/scheduler" });
      return { reply };
    },
  };
}
