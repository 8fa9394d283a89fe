import { afterAll, beforeAll, describe, it } from "vitest";
import { startEmbeddedLateMesh, type EmbeddedLateMesh } from "./embedded-late-mesh.ts";
import { expectLateClaimsEnded, runLateFlow } from "./late-flow.ts";

/**
 * Issue 16.1 on the embedded mesh (PGlite, folder store, in-process bus, every function): late claims
 * of a closed period, corrections of claims it paid and open-period claims in one batch all end, with
 * their adjustment run recorded; `casemix submit --wait`'s logic returns; a re-close that changes
 * nothing answers a run id that reads back.
 */
let world: EmbeddedLateMesh;
beforeAll(async () => void (world = await startEmbeddedLateMesh()));
afterAll(async () => world?.close());

describe("late claims on the embedded mesh", () => {
  it("new late claims, corrections of paid claims and open-period claims in one batch all end, the batch completes once, and an unchanged re-close reads back", async () => {
    const result = await runLateFlow(world.api, 120_000);
    console.log("late batch (embedded):", JSON.stringify({ counts: result.lateStatus.counts, adjustmentRuns: result.lateStatus.adjustmentRuns, reclose: result.reclose }));
    expectLateClaimsEnded(result);
  }, 300_000);
});
