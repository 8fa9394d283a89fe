import { computePrice } from "@casemix/pricing";
import { groupedChunkEvent, type SeededClaim } from "@casemix/fn-price";
import type { ObjectStore } from "@casemix/storage";
import type { startPriceMesh } from "./harness.ts";
import { acceptanceVersions } from "./month-end-flow.ts";

/** A grouped chunk of one corrected claim (version 2, three more days), written as group would. */
export async function groupedCorrection(store: Pick<ObjectStore, "putOnce">, claim: SeededClaim, batchId: string) {
  const los = claim.los + 3;
  const admissionDate = new Date(Date.parse(`${claim.dischargeDate}T00:00:00Z`) - los * 86_400_000).toISOString().slice(0, 10);
  const { claimId, hospitalCode, dischargeDate, drg, dischargeStatus, totalChargesSen } = claim;
  const event = await groupedChunkEvent(store, batchId, [{ claimId, version: 2, hospitalCode, admissionDate, dischargeDate, drg, dischargeStatus, totalChargesSen }]);
  return { event, los };
}

/** Sends a correction of `claim` after its period closed and reports what price recorded. */
export async function correctAfterClose(ctx: Awaited<ReturnType<typeof startPriceMesh>>, claim: SeededClaim, period: string) {
  const db = ctx.platform.db;
  const before = await db.query("select run_id, total_sen from price where claim_id = $1 order by run_id", [claim.claimId]);
  const { event, los } = await groupedCorrection(ctx.platform.store, claim, "bat_correction1");
  await db.query("update claim set current_version = 2 where claim_id = $1", [claim.claimId]);
  await ctx.mesh.bus.publish([event]);
  await ctx.mesh.idle();
  const { v2, hospitals } = acceptanceVersions();
  const h = hospitals.get(claim.hospitalCode)!;
  const price = (l: number) => {
    const r = computePrice(v2, h, { drg: claim.drg, los: l, dischargeStatus: claim.dischargeStatus, totalChargesSen: claim.totalChargesSen });
    return r.ok ? r.price.totalSen : 0;
  };
  const { rows } = await db.query<{ run_id: string; total_sen: string; delta_sen: string }>(
    "select run_id, total_sen::text, delta_sen::text from price where claim_id = $1 and version = 2",
    [claim.claimId],
  );
  const priceRow = { ...rows[0], delta_sen: Number(rows[0]?.delta_sen) };
  const run = (await db.query<{ kind: string; period: string }>("select kind, period from period_run where run_id = $1", [rows[0]?.run_id])).rows[0];
  const after = await db.query("select run_id, total_sen from price where claim_id = $1 and version = 1 order by run_id", [claim.claimId]);
  return {
    run: { ...run, period },
    priceRow,
    expectedDelta: price(los) - price(claim.los),
    oldRowsUnchanged: JSON.stringify(after.rows) === JSON.stringify(before.rows),
  };
}
