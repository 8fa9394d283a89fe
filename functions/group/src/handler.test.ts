import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUPED_COLUMNS } from "@casemix/claims";
import { ClaimsChunkGroupedDataSchema, EventTypes } from "@casemix/events";
import { readChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, validateEventData } from "@casemix/runtime";
import { createGroupHandler } from "./handler.ts";
import { createGroupTestWorld, dedupedChunk } from "./test-fixtures.ts";

let world: Awaited<ReturnType<typeof createGroupTestWorld>>;
beforeEach(async () => void (world = await createGroupTestWorld()));
afterEach(async () => world.close());

const processor = () =>
  createEventProcessor({ fn: createGroupHandler({ store: world.store, config: world.config }), db: world.db, deps: {}, log: createLogger({ level: "silent" }), validateData: validateEventData });

const claims = [
  { claimNumber: "A1", principalDiagnosis: "I50.9", secondaryDiagnoses: "I48.9|N17.9" },
  { claimNumber: "A2", principalDiagnosis: "W19" },
  { claimNumber: "A3", principalDiagnosis: "I50.9", sex: "U" },
];

describe("group handler", () => {
  it("groups each claim, writes the grouped chunk and replies claims.chunk.grouped", async () => {
    const event = await dedupedChunk(world.db, world.store, "bat_g1", claims);
    const result = await processor().process(event);
    expect(result.status).toBe(200);
    expect(result.reply?.type).toBe(EventTypes.claimsChunkGrouped);
    const data = ClaimsChunkGroupedDataSchema.parse(result.reply?.data);
    expect(data.counts).toEqual({ grouped: 1, ungroupable: 2 });
    expect(data.objectKey).toBe(`group/bat_g1/chk_g1-0/${event.id}.parquet`);
    const rows = await readChunk(await world.store.get(data.objectKey), { schema: GROUPED_COLUMNS });
    expect(rows).toEqual([{ rowNo: 1, claimId: "clm_g1-1", version: 1, definitionVersionId: data.versions?.definition, mdc: "05", adrg: "05M2", drg: "05M2-III", severity: "III" }]);
  });

  it("stores every grouping with its definition version and trace in the grouping table", async () => {
    const event = await dedupedChunk(world.db, world.store, "bat_g2", claims);
    await processor().process(event);
    const { rows } = await world.db.query<{ claim_id: string; drg: string; status: string; reason: string; trace: { matchedRule: string | null }; definition_version_id: string }>(
      "select claim_id, drg, status, reason, trace, definition_version_id from grouping order by row_no",
    );
    expect(rows.map((r) => [r.claim_id, r.drg, r.status, r.reason])).toEqual([
      ["clm_g2-1", "05M2-III", "grouped", "OK"],
      ["clm_g2-2", "00X-0", "ungroupable", "E_NO_MDC"],
      ["clm_g2-3", "00X-0", "check_failed", "E_SEX_MISSING"],
    ]);
    expect(rows[0].trace.matchedRule).toBeTruthy();
    expect(rows[0].definition_version_id).toMatch(/^cfg_/);
  });

  it("marks ungroupable claims in claim_row with the reason", async () => {
    await processor().process(await dedupedChunk(world.db, world.store, "bat_g3", claims));
    const rows = await world.db.query<{ row_no: number; state: string; errors: { code: string; field: string }[] | null }>("select row_no, state, errors from claim_row order by row_no");
    expect(rows.rows.map((r) => [r.state, r.errors?.[0]?.code ?? null, r.errors?.[0]?.field ?? null])).toEqual([
      ["grouped", null, null],
      ["ungroupable", "E_NO_MDC", "principalDiagnosis"],
      ["ungroupable", "E_SEX_MISSING", "sex"],
    ]);
  });

  it("a redelivered chunk changes nothing and gets the same reply", async () => {
    const event = await dedupedChunk(world.db, world.store, "bat_g4", claims);
    const p = processor();
    const first = await p.process(event);
    const second = await p.process(event);
    expect(second.reply).toEqual(first.reply);
    const { rows } = await world.db.query<{ n: number }>("select count(*)::int as n from grouping");
    expect(rows[0].n).toBe(3);
  });

  it("a claim discharged when no definition is in force is ungroupable, not a failed chunk", async () => {
    const event = await dedupedChunk(world.db, world.store, "bat_g5", [{ claimNumber: "B1", principalDiagnosis: "I50.9", admissionDate: "2019-12-20", dischargeDate: "2019-12-24" }]);
    const result = await processor().process(event);
    expect(result.status).toBe(200);
    const row = await world.db.query<{ state: string; errors: { code: string }[] }>("select state, errors from claim_row");
    expect(row.rows[0]).toMatchObject({ state: "ungroupable", errors: [{ code: "E_DEFINITION_NOT_IN_FORCE" }] });
  });

  it("refuses a dedupe chunk whose sha256 does not match its event (400)", async () => {
    const event = await dedupedChunk(world.db, world.store, "bat_g6", claims);
    const bad = { ...event, data: { ...(event.data as object), sha256: "0".repeat(64) } };
    const result = await processor().process(bad);
    expect(result.status).toBe(400);
    expect(result.error?.code).toBe("E_CHUNK_SHA256");
  });
});
