import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, verifyAudit, type TestDb } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";
import { createEventProcessor } from "./processor.ts";
import { createLogger } from "./logger.ts";

const traceparent = `00-${"b".repeat(32)}-${"c".repeat(16)}-01`;
const byPerson = {
  specversion: "1.0", id: "evt_p", source: "/casemix/scheduler", type: "casemix.test.close", subject: "2027-01", traceparent, data: {},
  casemixactor: "finance-officer-7", casemixroles: "finance", casemixrequest: "req-42",
} as unknown as CasemixEvent;
const bySystem = { ...byPerson, id: "evt_s", casemixactor: undefined, casemixroles: undefined, casemixrequest: undefined } as unknown as CasemixEvent;

type AuditRow = { actor: string; roles: string[]; action: string; object: string; request_id: string | null; trace_id: string | null; detail: Record<string, unknown> };
const audits = async (db: TestDb) =>
  (await db.query<AuditRow>("select actor, roles, action, object, request_id, trace_id, detail from audit_record order by id")).rows;

describe("the event processor's audit records", () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestPglite();
  });
  afterEach(() => db.close());

  const processorWith = (write?: () => never) =>
    createEventProcessor({
      fn: {
        name: "price",
        handle: async () => ({
          write: async (tx) => {
            await tx.query("insert into run (id, kind) values ('run_1', 'x')");
            if (write) write();
          },
          outbox: [{ id: "evt_out", type: "casemix.test.closed", data: {} }],
        }),
      },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });

  it("a handled event writes one audit record for the person its extensions name, once however often it is delivered", async () => {
    const processor = processorWith();
    await processor.process(byPerson);
    await processor.process(byPerson);
    expect(await audits(db)).toEqual([
      {
        actor: "finance-officer-7", roles: ["finance"], action: "event:casemix.test.close", object: "2027-01", request_id: "req-42",
        trace_id: "b".repeat(32), detail: { consumer: "price", eventId: "evt_p", source: "/casemix/scheduler" },
      },
    ]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it("the events a person's event causes carry that person's identity", async () => {
    await processorWith().process(byPerson);
    const { rows } = await db.query<{ event: Record<string, unknown> }>("select event from outbox");
    expect(rows[0].event).toMatchObject({ id: "evt_out", casemixactor: "finance-officer-7", casemixroles: "finance", casemixrequest: "req-42" });
  });

  it("an event no person caused is audited for the function that handled it", async () => {
    await processorWith().process(bySystem);
    expect(await audits(db)).toMatchObject([{ actor: "system:price", roles: [], request_id: null }]);
    const { rows } = await db.query<{ event: Record<string, unknown> }>("select event from outbox");
    expect(rows[0].event.casemixactor).toBeUndefined();
  });

  it("an event whose effect fails leaves no audit record", async () => {
    const result = await processorWith(() => {
      throw new Error("effect failed");
    }).process(byPerson);
    expect(result.status).toBeGreaterThanOrEqual(500);
    expect(await audits(db)).toEqual([]);
  });
});
