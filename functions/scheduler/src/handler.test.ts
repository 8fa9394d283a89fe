import { describe, expect, it } from "vitest";
import { EventTypes, PeriodClosedDataSchema } from "@casemix/events";
import { createEventProcessor, createLogger, createTestPlatform } from "@casemix/runtime";
import { createSchedulerHandler } from "./handler.ts";

const tick = (id: string, time: string, schedule = "month-end") => ({
  specversion: "1.0" as const, id, source: "/apis/v1/namespaces/casemix/pingsources/month-end", type: EventTypes.schedulerTicked, time, data: { schedule },
});

describe("scheduler ticks", () => {
  it("the first tick of a Kuala Lumpur month closes the previous month", async () => {
    const result = await createSchedulerHandler().handle(tick("t1", "2027-01-31T16:05:00Z"), {} as never);
    expect(result?.reply?.type).toBe(EventTypes.periodClosed);
    const data = PeriodClosedDataSchema.parse(result!.reply!.data);
    expect(data).toMatchObject({ period: "2027-01", runId: "run_close_2027-01", runKind: "close" });
  });

  it("every tick of the same month sends the same period.closed event id", async () => {
    const handler = createSchedulerHandler();
    const a = await handler.handle(tick("t1", "2027-02-01T00:05:00+08:00"), {} as never);
    const b = await handler.handle(tick("t2", "2027-02-14T00:05:00+08:00"), {} as never);
    expect(a?.reply?.id).toBe(b?.reply?.id);
  });

  it("an appeal-deadlines tick becomes appeal.deadlines.reached carrying the tick's time as the clock", async () => {
    const result = await createSchedulerHandler().handle(tick("t5", "2027-03-07T00:15:00+08:00", "appeal-deadlines"), {} as never);
    expect(result?.reply?.type).toBe(EventTypes.appealDeadlinesReached);
    expect(result?.reply?.data).toEqual({ at: "2027-03-06T16:15:00.000Z" });
  });

  it("a tick of another schedule is acknowledged without an event", async () => {
    expect(await createSchedulerHandler().handle(tick("t3", "2027-02-01T00:05:00+08:00", "nightly"), {} as never)).toEqual({});
  });

  it("a redelivered tick gets the same reply through the processor", async () => {
    const platform = await createTestPlatform();
    const processor = createEventProcessor({ fn: createSchedulerHandler(), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const first = await processor.process(tick("t4", "2027-03-01T00:05:00+08:00"));
    const again = await processor.process(tick("t4", "2027-03-01T00:05:00+08:00"));
    expect(first.status).toBe(200);
    expect(again.reply?.id).toBe(first.reply?.id);
    await platform.db.close();
  });
});
