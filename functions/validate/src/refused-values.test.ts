import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toLandingRow } from "@casemix/claims";
import type { CasemixEvent } from "@casemix/events";
import type { EventProcessor, TestPlatform } from "@casemix/runtime";
import { createValidateTestWorld, receivedChunk as chunkOf, submittedClaim } from "./test-fixtures.ts";

let platform: TestPlatform;
let processor: EventProcessor;
beforeEach(async () => void ({ platform, processor } = await createValidateTestWorld()));
afterEach(() => platform.db.close());

// A hospital the register does not know: every claim of it is rejected, so validate writes its rows.
const UNKNOWN = "H99-0NE001";

function receivedChunk(batchId: string, claimNumbers: string[]): Promise<CasemixEvent> {
  // The claim number is put back as given: intake's character rules now keep such a value out of the
  // landing chunk, and this is validate's own guard for a value that reaches it all the same.
  const rows = claimNumbers.map((n, i) => ({ ...toLandingRow(i + 1, submittedClaim(UNKNOWN, n), [], "k"), claimNumber: n }));
  return chunkOf(platform, batchId, UNKNOWN, rows);
}

describe("validate with a value the database refuses", () => {
  it("a rejected claim whose claim number has a NUL byte is rejected with E_VALUE_REFUSED and the rest of its chunk is recorded", async () => {
    const result = await processor.process(await receivedChunk("bat_a", ["C1", "C2\u0000X", "C3"]));
    expect(result.status).toBe(200);
    const { rows } = await platform.db.query<{ row_no: number; state: string; claim_number: string | null; errors: { code: string; field: string; message: string }[] }>(
      "SELECT row_no, state, claim_number, errors FROM claim_row WHERE batch_id = 'bat_a' ORDER BY row_no",
    );
    expect(rows.map((r) => [r.row_no, r.state, r.claim_number])).toEqual([[1, "rejected", "C1"], [2, "rejected", null], [3, "rejected", "C3"]]);
    expect(rows[0].errors.map((e) => e.code)).toEqual(["E_HOSPITAL_UNKNOWN"]);
    expect(rows[1].errors.map((e) => e.code)).toEqual(["E_VALUE_REFUSED", "E_HOSPITAL_UNKNOWN"]);
    expect(rows[1].errors[0].message).toMatch(/NUL.*SQLSTATE 22021/);
  });
});
