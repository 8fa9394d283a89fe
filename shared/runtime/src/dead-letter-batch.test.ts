import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryBus } from "@casemix/bus";
import { listDeadLetters } from "@casemix/db";
import { createEvent, EventTypes, routes, type CasemixEvent } from "@casemix/events";
import { failBatchOfDeadLetter } from "./dead-letter-batch.ts";
import { createDbDeadLetterStore } from "./db-dead-letters.ts";
import { createTestPlatform, type TestPlatform } from "./platform.ts";

let platform: TestPlatform;
beforeEach(async () => void (platform = await createTestPlatform()));
afterEach(() => platform.db.close());

const chunkEvent = (batchId: string, index: number): CasemixEvent => ({
  ...createEvent({
    type: EventTypes.claimsChunkReceived, from: "intake", causeId: batchId, key: String(index), time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId: `chk_${batchId.slice(4)}-0000${index}`, chunkIndex: index, hospitalCode: "H10-DEC915", channel: "upload", objectKey: `landing/${batchId}/${index}.parquet`, sha256: "0".repeat(64), rowCount: 3 },
  }),
  specversion: "1.0",
} as CasemixEvent);

const batch = async (id: string) =>
  (await platform.db.query<{ status: string; error: string | null }>("SELECT status, error FROM batch WHERE id = $1", [id])).rows[0];

describe("a dead-lettered chunk fails its batch", () => {
  it("the in-process bus's database dead letter marks the batch failed with the reason and every dead-letter id, and a completed batch is left alone", async () => {
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status, chunks_total) VALUES ('bat_a', 'H10-DEC915', 'upload', 'processing', 2), ('bat_b', 'H10-DEC915', 'upload', 'completed', 1)");
    const bus = createMemoryBus({
      routes, backoffScale: 0.0001, deadLetters: createDbDeadLetterStore(platform.db),
      onDeadLetter: (letter) => failBatchOfDeadLetter(platform.db, letter),
    });
    // validate fails the whole chunk every time (its landing object is unreadable, say): retried, then dead-lettered.
    await bus.subscribe({ name: "validate", deliver: async () => ({ status: 503, error: { code: "E_STORE_UNAVAILABLE", message: "the object store did not answer" } }) });
    await bus.publish([chunkEvent("bat_a", 0), chunkEvent("bat_a", 1), chunkEvent("bat_b", 0)]);
    await bus.idle();
    await bus.close();
    const letters = await listDeadLetters(platform.db);
    expect(letters).toHaveLength(3);
    const a = await batch("bat_a");
    expect(a.status).toBe("failed");
    const error = JSON.parse(a.error!) as { code: string; message: string; deadLetterIds: string[] };
    expect(error.code).toBe("E_CHUNK_DEAD_LETTERED");
    expect(error.message).toMatch(/validate-claims-received .* status 503 E_STORE_UNAVAILABLE/);
    const ofA = letters.filter((l) => (l.event.data as { batchId: string }).batchId === "bat_a").map((l) => l.id);
    expect(error.deadLetterIds.sort()).toEqual(ofA.sort());
    expect(await batch("bat_b")).toEqual({ status: "completed", error: null });
  });

  it("an event that carries no batch chunk fails no batch", async () => {
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status) VALUES ('bat_c', 'H10-DEC915', 'upload', 'processing')");
    const letter = { id: "dlq_1", route: "report-batch-completed", event: { ...chunkEvent("bat_c", 0), type: EventTypes.batchCompleted } as CasemixEvent, status: 503, reason: "E_X", attempts: 8, at: "2026-11-28T00:00:00Z" };
    expect(await failBatchOfDeadLetter(platform.db, letter)).toBe(false);
    expect((await batch("bat_c")).status).toBe("processing");
  });
});
