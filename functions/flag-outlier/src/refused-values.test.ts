import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { generateSyntheticClaims } from "@casemix/outliers";
import { readChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { seedPricedChunk, syntheticConfig } from "./fixtures.ts";
import { createFlagOutlier } from "./handler.ts";
import { createOutlierApi } from "./routes/api.ts";

let issuer: TestIssuer;
let platform: Platform;
beforeAll(async () => (issuer = await startTestIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => {
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
});
afterEach(() => platform.db.close());

// No long stays or costly claims planted: without a refusal every claim of the chunk would be final.
const claims = generateSyntheticClaims({ seed: 5, count: 120, period: "2027-01", plant: { los: 0, cost: 0 } }).filter((c) => c.claim.hospitalClass === "state").slice(0, 12);

describe("flag-outlier with a value the database refuses", () => {
  // A constraint stands in for any value an outlier record may not hold (SQLSTATE class 22 or 23 alike).
  it("holds only the refused claim for review with the refusal, settles the rest, and completes the batch", async () => {
    await platform.db.query("ALTER TABLE outlier_decision ADD CONSTRAINT refuse_row_5 CHECK (row_no <> 5)");
    const { event } = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_f1", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims, chunksTotal: 1 });
    const result = await createEventProcessor({ fn: createFlagOutlier(platform, syntheticConfig()), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }).process(event);
    expect(result.status).toBe(200);
    const data = result.reply!.data as { objectKey: string; counts: { final: number; underReview: number } };
    const flagged = await readChunk(await platform.store.get(data.objectKey));
    const refused = flagged.filter((r) => (JSON.parse(String(r.flags)) as { kind: string }[]).some((f) => f.kind === "refused"));
    expect(refused.map((r) => Number(r.rowNo))).toEqual([5]);

    const rows = await platform.db.query<{ row_no: number; state: string; errors: { code: string; message: string }[] | null }>(
      "SELECT row_no, state, errors FROM claim_row WHERE batch_id = 'bat_f1' ORDER BY row_no",
    );
    const held = rows.rows.filter((r) => r.state === "under_review");
    expect(held.map((r) => r.row_no)).toContain(5);
    expect(held).toHaveLength(data.counts.underReview);
    expect(rows.rows.every((r) => r.state === "final" || r.state === "under_review")).toBe(true);
    expect(rows.rows[4].errors?.[0]).toMatchObject({ code: "E_VALUE_REFUSED", message: expect.stringMatching(/SQLSTATE 23514/) });
    expect((await platform.db.query("SELECT 1 FROM outlier_decision WHERE row_no = 5")).rows).toHaveLength(0);
    expect((await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outlier_decision")).rows[0].n).toBe(claims.length - 1);
    const batch = await platform.db.query<{ status: string }>("SELECT status FROM batch WHERE id = 'bat_f1'");
    expect(batch.rows[0].status).toBe("completed");

    // A reviewer settles it like any held claim, though it has no decision record.
    const review = await platform.db.query<{ claim_id: string; flags: { kind: string; reason: string }[] }>("SELECT claim_id, flags FROM outlier_review WHERE row_no = 5");
    expect(review.rows[0].flags[0]).toMatchObject({ kind: "refused", reason: expect.stringMatching(/E_VALUE_REFUSED|refused a value/) });
    const app = createOutlierApi({ platform });
    const res = await app.request(`/v1/outlier-reviews/${review.rows[0].claim_id}/1/accept`, {
      method: "POST", headers: { authorization: `Bearer ${await issuer.token({ sub: "rev-1", roles: ["moh-reviewer"] })}`, "content-type": "application/json" }, body: "{}",
    });
    expect(res.status).toBe(200);
    const after = await platform.db.query<{ state: string }>("SELECT state FROM claim_row WHERE batch_id = 'bat_f1' AND row_no = 5");
    expect(after.rows[0].state).toBe("final");
  });
});
