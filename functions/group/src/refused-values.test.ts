import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUPED_COLUMNS } from "@casemix/claims";
import { ClaimsChunkGroupedDataSchema } from "@casemix/events";
import { readChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, validateEventData } from "@casemix/runtime";
import { createGroupHandler } from "./handler.ts";
import { createGroupTestWorld, dedupedChunk } from "./test-fixtures.ts";

let world: Awaited<ReturnType<typeof createGroupTestWorld>>;
beforeEach(async () => void (world = await createGroupTestWorld()));
afterEach(async () => world.close());

const processor = () =>
  createEventProcessor({ fn: createGroupHandler({ store: world.store, config: world.config }), db: world.db, deps: {}, log: createLogger({ level: "silent" }), validateData: validateEventData });

const claims = ["A1", "A2", "A3", "A4"].map((claimNumber) => ({ claimNumber, principalDiagnosis: "I50.9", secondaryDiagnoses: "I48.9" }));

describe("group with a value the database refuses", () => {
  // Any refusal (SQLSTATE class 22 or 23) is the same class: a constraint stands in for a value no
  // grouping row may hold, so the test does not depend on which value a future column refuses.
  it("stops only the refused claim, as ungroupable with E_VALUE_REFUSED, and the rest of the chunk goes on", async () => {
    await world.db.query("ALTER TABLE grouping ADD CONSTRAINT refuse_row_3 CHECK (row_no <> 3)");
    const event = await dedupedChunk(world.db, world.store, "bat_r1", claims);
    const result = await processor().process(event);
    expect(result.status).toBe(200);
    const data = ClaimsChunkGroupedDataSchema.parse(result.reply?.data);
    expect(data.counts).toEqual({ grouped: 3, ungroupable: 1 });
    const rows = await readChunk(await world.store.get(data.objectKey), { schema: GROUPED_COLUMNS });
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 4]);
    const states = await world.db.query<{ row_no: number; state: string; errors: { code: string; message: string }[] | null }>(
      "select row_no, state, errors from claim_row where batch_id = 'bat_r1' order by row_no",
    );
    expect(states.rows.map((r) => `${r.row_no}:${r.state}`)).toEqual(["1:grouped", "2:grouped", "3:ungroupable", "4:grouped"]);
    expect(states.rows[2].errors?.[0]).toMatchObject({ code: "E_VALUE_REFUSED", message: expect.stringMatching(/SQLSTATE 23514/) });
    const stored = await world.db.query<{ row_no: number }>("select row_no from grouping order by row_no");
    expect(stored.rows.map((r) => r.row_no)).toEqual([1, 2, 4]);
  });

  it("a chunk whose every row is refused still replies, with nothing to price", async () => {
    await world.db.query("ALTER TABLE grouping ADD CONSTRAINT refuse_all CHECK (row_no < 0)");
    const result = await processor().process(await dedupedChunk(world.db, world.store, "bat_r2", claims));
    expect(result.status).toBe(200);
    expect(ClaimsChunkGroupedDataSchema.parse(result.reply?.data).counts).toEqual({ grouped: 0, ungroupable: 4 });
    const { rows } = await world.db.query<{ n: number }>("select count(*)::int as n from claim_row where state = 'ungroupable'");
    expect(rows[0].n).toBe(4);
  });
});
