import { afterAll, afterEach, describe, expect, it } from "vitest";
import { hasServices, startNationalMesh, type NationalMesh } from "./mesh.ts";
import { CLAIMS, generate, HOSPITALS, PERIOD, removeGenerated, runMonth, TIMEOUT_MS } from "./month.ts";
import { invariantViolations } from "./national-flow.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";

/**
 * Issue 8, distributed: a generated national month through every function, each its own process, on
 * Kafka, PostgreSQL, S3 and Redis (bash scripts/with-services.sh npx vitest run e2e/src/national).
 * NATIONAL_CLAIMS sets the size (CI default in month.ts); 1M is in e2e/README.md. The faults are in
 * national-faults.test.ts.
 */
if (!hasServices) console.log("national e2e skipped: run under scripts/with-services.sh (or source scripts/services-env.sh)");

let mesh: NationalMesh | undefined;
afterEach(async () => { await mesh?.close(); mesh = undefined; });
afterAll(removeGenerated);

describe.skipIf(!hasServices)(`the whole mesh distributed (${CLAIMS} claims, ${HOSPITALS} hospitals)`, () => {
  it("a receiver subscribed for every hospital sees one batch.completed per file, each webhook id once, and the month-end close closes the period", async () => {
    const receiver = await startWebhookReceiver();
    try {
      mesh = await startNationalMesh("national_hooks", receiver.env);
      const admin = await mesh.issuer.token({ roles: ["admin"] });
      const notify = mesh.procs.get("notify")!.url;
      const { dir, manifest } = await generate(8);
      for (const h of manifest.hospitals) {
        const sub = await fetch(`${notify}/v1/webhooks/subscriptions`, {
          method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
          body: JSON.stringify({ target: "hospital", hospitalCode: h.code, url: `${receiver.stub.url}/webhooks`, eventTypes: ["gov.my.casemix.batch.completed.v1", "gov.my.casemix.period.priced.v1", "gov.my.casemix.report.published.v1"], auth: { kind: "none" }, signingKeyIds: [receiver.keyId] }),
        });
        expect(sub.status, await sub.clone().text()).toBe(201);
      }
      await runMonth(mesh, dir, manifest);
      const close = await fetch(`${mesh.procs.get("scheduler")!.url}/periods/${PERIOD}/close`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: "{}" });
      expect(close.status, await close.clone().text()).toBe(202);
      const typeOf = (body: string) => (JSON.parse(body) as { type?: string }).type ?? "";
      // Period events go to the ministry (a MyGDX subscription, OIDC + mTLS), not to hospital subscriptions:
      // here the close is checked on price's API; its report webhook is not covered yet (see e2e/README.md).
      const deadline = Date.now() + Number(process.env.NATIONAL_REPORT_WAIT_MS ?? 120_000);
      for (;;) {
        const period = (await (await fetch(`${mesh.procs.get("price")!.url}/periods/${PERIOD}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { status?: string };
        if (period.status === "closed") break;
        if (Date.now() > deadline) throw new Error(`period not closed: ${JSON.stringify(period)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 3000));
      const types = receiver.stub.received.map((r) => typeOf(r.body));
      console.log(`webhooks received: ${JSON.stringify(types.reduce<Record<string, number>>((a, t) => ((a[t] = (a[t] ?? 0) + 1), a), {}))}`);
      const ids = receiver.stub.received.map((r) => r.webhookId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(types.filter((t) => t.includes("batch")).length).toBe(manifest.files.length);
      expect(receiver.stub.refused).toEqual([]);
      expect(await invariantViolations(mesh)).toEqual({ twoCurrentPrices: 0, processedTwice: 0, deadLetters: 0 });
    } finally {
      await receiver.stub.close();
    }
  }, TIMEOUT_MS + 420_000);

  it("every claim ends in the state the manifest says, none priced twice, no event processed twice, nothing dead-lettered", async () => {
    mesh = await startNationalMesh("national");
    console.log(`ready ms: ${JSON.stringify(Object.fromEntries([...mesh.readyMs].map(([k, v]) => [k, Math.round(v)])))}`);
    const { dir, manifest } = await generate(7);
    await runMonth(mesh, dir, manifest);
    expect(await invariantViolations(mesh)).toEqual({ twoCurrentPrices: 0, processedTwice: 0, deadLetters: 0 });
    console.log(`peak RSS MiB: ${JSON.stringify(Object.fromEntries([...mesh.procs].map(([k, p]) => [k, p.peakRssMiB()])))}`);
  }, TIMEOUT_MS + 120_000);
});
