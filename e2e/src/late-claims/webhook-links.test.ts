import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CasemixEvent } from "@casemix/events";
import { ALL_OUTCOME_EVENT_TYPES, buildWebhookPayload } from "@casemix/webhooks";
import { startEmbeddedLateMesh, type EmbeddedLateMesh } from "./embedded-late-mesh.ts";
import { claimFile, closePeriod, CLOSED, followToEnd, submit } from "./late-flow.ts";

/**
 * Issue 16.9: every link of every webhook payload the mesh produces answers 200 to its recipient. A
 * batch, the close of its period and the reports of that close run through the embedded mesh; each
 * outcome event in the outbox becomes its payload (as notify builds it), and each link is requested
 * with the token of whoever receives that payload: the hospital's finance officer for a payload that
 * names a hospital, and MyGDX (the ministry role) for every payload.
 */
const BASE = "https://casemix.example/api/v1";
let world: EmbeddedLateMesh;
beforeAll(async () => void (world = await startEmbeddedLateMesh()));
afterAll(async () => world?.close());

/** Outcome events the mesh produced: a function's reply (processed_event) or an outbox event. */
async function outcomeEvents(): Promise<CasemixEvent[]> {
  const { rows } = await world.mesh.platform.db.query<{ event: CasemixEvent }>(
    `SELECT event FROM outbox WHERE event->>'type' = ANY($1::text[])
     UNION ALL SELECT reply AS event FROM processed_event WHERE reply->>'type' = ANY($1::text[])`,
    [ALL_OUTCOME_EVENT_TYPES],
  );
  return [...new Map(rows.map((r) => [r.event.id, r.event])).values()];
}

async function waitForReports(period: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await outcomeEvents()).filter((e) => e.type.includes("report.published") && (e.data as { period?: string }).period === period).length < 3) {
    if (Date.now() > deadline) throw new Error(`no csv, pdf and parquet report of ${period} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("webhook payload links", () => {
  it("every link of every payload a batch, a close and its reports produce answers 200 to its recipient", async () => {
    const batchId = await submit(world.api, claimFile(CLOSED, 12, "W", 169), "links.csv");
    await followToEnd(world.api, batchId, 120_000);
    await closePeriod(world.api, CLOSED, false, 120_000);
    await waitForReports(CLOSED, 120_000);

    const followed: string[] = [];
    const failed: string[] = [];
    const types = new Set<string>();
    for (const event of await outcomeEvents()) {
      const built = buildWebhookPayload(event, { publicBaseUrl: BASE });
      if (!built.ok) throw new Error(`${event.type}: ${built.error.message}`);
      types.add(event.type);
      const links = (JSON.parse(built.value.body) as { data: { links: Record<string, string> } }).data.links;
      const recipients = [{ roles: ["ministry"] }, ...(built.value.hospitalCode ? [{ roles: ["hospital-finance"], hospital: built.value.hospitalCode }] : [])];
      for (const [name, url] of Object.entries(links)) {
        expect(url.startsWith(`${BASE}/`)).toBe(true);
        const path = `/v1/${url.slice(BASE.length + 1)}`;
        for (const who of recipients) {
          const token = await world.issuer.token({ sub: `links-${who.roles[0]}`, ...who });
          const res = await world.mesh.app.request(path, { headers: { authorization: `Bearer ${token}` } });
          const line = `${event.type} ${name} ${path} as ${who.roles[0]}: ${res.status}`;
          (res.status === 200 ? followed : failed).push(line);
          await res.arrayBuffer();
        }
      }
    }
    console.log(`webhook links: ${followed.length} followed with 200 over ${types.size} payload types (${[...types].join(", ")})`);
    expect(failed).toEqual([]);
    expect([...types].sort()).toEqual(["gov.my.casemix.batch.completed.v1", "gov.my.casemix.period.priced.v1", "gov.my.casemix.report.published.v1"]);
    // batch.completed: 2 links x 2 recipients; period.priced: 2 links; each of 3 reports: 2 links.
    expect(followed.length).toBeGreaterThanOrEqual(2 * 2 + 2 + 3 * 2);
  }, 300_000);
});
