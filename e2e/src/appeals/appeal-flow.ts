import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { EICAR, pdfWith } from "../../../functions/appeals/src/fixtures.ts";
import { closePeriod, followToEnd, HOSPITAL, resultRows, submit, type LateMesh } from "../late-claims/late-flow.ts";
import { generateCsv } from "../intake-flow-helpers.ts";
import { receivedSummary, type WebhookReceiver } from "../national/webhook-receiver.ts";

/**
 * Issue 19's journey, the same in both run modes (only how a route is reached differs: `AppealsMesh`):
 * a hospital's claims of a period that is then closed and of an open one; appeals filed with evidence,
 * reviewed and decided (upheld, overturned, partly), applied through the pipeline, one withdrawn, one
 * left to its deadline; the deadline check driven by scheduler ticks whose time is the test's clock;
 * every move a webhook to the hospital's receiver, once.
 */
export const CLOSED = "2026-03";
export const OPEN = "2026-05";
const DAY = 86_400_000;

export type Call = { status: number; body: any; text: string };
export type AppealsMesh = Omit<LateMesh, "call"> & {
  call(fn: string, path: string, init?: { method?: string; body?: string | Uint8Array; roles?: string[]; contentType?: string }): Promise<Call>;
  /** Puts an event on the bus as a PingSource would. */
  publish(event: CasemixEvent): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
};

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });
const hospital = ["hospital"];
const reviewer = ["moh-reviewer"];

function claimLines(period: string, count: number, prefix: string, seed: number): string[] {
  return generateCsv({ seed, count, hospitalCode: HOSPITAL, fromMonth: period, months: 1, invalidRate: 0, probableDuplicateRate: 0, claimPrefix: prefix }).text.trimEnd().split("\r\n");
}

/** Polls an appeal until `done` says so; fails with its last state after `timeoutMs`. */
async function waitFor(mesh: AppealsMesh, appealId: string, done: (a: any) => boolean, timeoutMs: number): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = (await mesh.call("appeals", `/v1/appeals/${appealId}`, { roles: reviewer })).body;
    if (done(a)) return a;
    if (Date.now() > deadline) throw new Error(`appeal ${appealId} still ${a?.state}: ${JSON.stringify(a)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function expectOk(res: Call | Promise<Call>, status: number, what: string): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
}

async function fileWithEvidence(mesh: AppealsMesh, row: Record<string, string>, reasonCode: string): Promise<string> {
  const appeal = await expectOk(mesh.call("appeals", "/v1/appeals", { method: "POST", roles: hospital, ...json({ claimId: row.claim_id, claimVersion: Number(row.version), reasonCode, reasonText: `appeal of ${row.claim_number}` }) }), 201, "file");
  await expectOk(mesh.call("appeals", `/v1/appeals/${appeal.appealId}/evidence?fileName=notes.pdf`, { method: "POST", roles: hospital, body: pdfWith(`notes of ${row.claim_number}`), contentType: "application/octet-stream" }), 201, "evidence");
  return appeal.appealId;
}

const tick = (at: Date): CasemixEvent => ({
  specversion: "1.0", id: `tick-${randomBytes(6).toString("hex")}`, source: "/apis/v1/namespaces/casemix/pingsources/appeal-deadlines",
  type: EventTypes.schedulerTicked, time: at.toISOString(), data: { schedule: "appeal-deadlines" },
} as CasemixEvent);

/** Subscribes the receiver for the hospital's appeal webhooks, through notify's REST API (the hospital's own token). */
async function subscribe(mesh: AppealsMesh, receiver: WebhookReceiver): Promise<void> {
  await expectOk(mesh.call("notify", "/v1/webhooks/subscriptions", {
    method: "POST", roles: hospital,
    ...json({ target: "hospital", hospitalCode: HOSPITAL, url: `${receiver.stub.url}/webhooks`, eventTypes: [EventTypes.appealTransitioned, EventTypes.appealEscalated], auth: { kind: "none" }, signingKeyIds: [receiver.keyId] }),
  }), 201, "subscribe");
}

export async function runAppealsFlow(mesh: AppealsMesh, receiver: WebhookReceiver, timeoutMs: number) {
  await subscribe(mesh, receiver);
  const closedLines = claimLines(CLOSED, 12, "P", 191);
  const openLines = claimLines(OPEN, 12, "Q", 192);
  const batch = await submit(mesh, [closedLines[0], ...closedLines.slice(1), ...openLines.slice(1)], "appeals.csv");
  await followToEnd(mesh, batch, timeoutMs);
  const close = await closePeriod(mesh, CLOSED, false, timeoutMs);
  const rows = await resultRows(mesh, batch);
  const lineOf = new Map([...closedLines.slice(1), ...openLines.slice(1)].map((l) => [l.split(",")[1], l.split(",")]));
  const final = rows.filter((r) => r.state === "final");
  const ofPeriod = (p: string) => final.filter((r) => r.period === p);
  /**
   * Another final claim of the same sex, without procedures, in another base DRG (the first four
   * characters; the rest is severity): its diagnoses are the reviewer's coding, so the appealed claim
   * (also without procedures) moves to another DRG.
   */
  const field = (r: Record<string, string>, i: number) => lineOf.get(r.claim_number)![i];
  const donorFor = (r: Record<string, string>) =>
    final.find((d) => d.drg.slice(0, 4) !== r.drg.slice(0, 4) && field(d, 7) === field(r, 7) && field(d, 12) === "" && field(r, 12) === "");
  const diagnoses = (d: Record<string, string>) => {
    const l = lineOf.get(d.claim_number)!;
    return { principalDiagnosis: l[10], secondaryDiagnoses: l[11] ? l[11].split("|") : [] };
  };
  const [a, b, d, e] = ofPeriod(OPEN);
  const c = ofPeriod(CLOSED).find((r) => donorFor(r))!;
  if (!c) throw new Error("no closed-period claim with a donor of another DRG: change the seeds");
  const ids = { a: "", b: "", c: "", d: "", e: "" };

  // Refused evidence in the mesh: the EICAR test string inside a PDF, flagged by ClamAV.
  ids.e = await fileWithEvidence(mesh, e, "A_OTHER");
  const infected = await mesh.call("appeals", `/v1/appeals/${ids.e}/evidence?fileName=scan.pdf`, { method: "POST", roles: hospital, body: pdfWith(EICAR), contentType: "application/octet-stream" });

  ids.a = await fileWithEvidence(mesh, a, "A_WRONG_SDX");
  ids.b = await fileWithEvidence(mesh, b, "A_WRONG_PDX");
  ids.c = await fileWithEvidence(mesh, c, "A_WRONG_PDX");
  ids.d = await fileWithEvidence(mesh, d, "A_PAYMENT");
  for (const id of [ids.a, ids.b, ids.c]) await expectOk(mesh.call("appeals", `/v1/appeals/${id}/review`, { method: "POST", roles: reviewer, ...json({}) }), 200, "review");
  await expectOk(mesh.call("appeals", `/v1/appeals/${ids.d}/withdraw`, { method: "POST", roles: hospital, ...json({}) }), 200, "withdraw");
  const decide = (id: string, body: unknown) => expectOk(mesh.call("appeals", `/v1/appeals/${id}/decide`, { method: "POST", roles: reviewer, ...json(body) }), 200, "decide");
  const upheld = await decide(ids.b, { decision: "upheld", note: "the coding stands" });
  // Partly: the hospital's case for one more secondary diagnosis is accepted.
  const more = [...diagnoses(a).secondaryDiagnoses, ...diagnoses(final.find((x) => diagnoses(x).secondaryDiagnoses.some((s) => !diagnoses(a).secondaryDiagnoses.includes(s)))!).secondaryDiagnoses.filter((s) => !diagnoses(a).secondaryDiagnoses.includes(s)).slice(0, 1)];
  await decide(ids.a, { decision: "partly", coding: { secondaryDiagnoses: more } });
  await decide(ids.c, { decision: "overturned", coding: diagnoses(donorFor(c)!) });
  const applied = { a: await waitFor(mesh, ids.a, (x) => x.state === "applied", timeoutMs), c: await waitFor(mesh, ids.c, (x) => x.state === "applied", timeoutMs) };
  await expectOk(mesh.call("appeals", `/v1/appeals/${ids.a}/close`, { method: "POST", roles: hospital, ...json({}) }), 200, "close");
  const adjustment = (await mesh.call("price", `/v1/runs/${applied.c.after.runId}`, { roles: ["finance"] })).body;

  // The deadline check under the test's clock: 6 days on, the filed appeal (5 days) is escalated; 15 days
  // on, the applied ones the hospital did not close (14 days) close themselves.
  const now = Date.now();
  await mesh.publish(tick(new Date(now + 6 * DAY)));
  const escalated = await waitFor(mesh, ids.e, (x) => x.escalatedAt !== null, timeoutMs);
  const notYet = (await mesh.call("appeals", `/v1/appeals/${ids.b}`, { roles: reviewer })).body.state;
  await mesh.publish(tick(new Date(now + 15 * DAY)));
  const closedByDeadline = [await waitFor(mesh, ids.b, (x) => x.state === "closed", timeoutMs), await waitFor(mesh, ids.c, (x) => x.state === "closed", timeoutMs)];

  const appealIds = Object.values(ids);
  const outbox = await mesh.query<{ type: string; id: string; appeal: string; seq: number | null }>(
    `SELECT event->>'type' AS type, event->>'id' AS id, event->'data'->>'appealId' AS appeal, (event->'data'->>'seq')::int AS seq
     FROM outbox WHERE event->>'type' IN ($1, $2) AND event->'data'->>'appealId' = ANY($3)`,
    [EventTypes.appealTransitioned, EventTypes.appealEscalated, appealIds],
  );
  await waitForDeliveries(receiver, outbox.length, timeoutMs);
  const claimVersions = await mesh.query<{ claim_id: string; version: number; state: string }>(
    "SELECT claim_id, version, state FROM claim_row WHERE claim_id = ANY($1) ORDER BY claim_id, version", [[a.claim_id, b.claim_id, c.claim_id, d.claim_id]],
  );
  const paidBefore = await mesh.query<{ claim_id: string; version: number; total_sen: string }>(
    "SELECT claim_id, version, total_sen::text AS total_sen FROM price WHERE claim_id = ANY($1) AND version = 1", [[a.claim_id, c.claim_id]],
  );
  const current = await mesh.query<{ claim_id: string; version: number; total_sen: string; run_id: string }>(
    "SELECT claim_id, version, total_sen::text AS total_sen, run_id FROM price_current WHERE claim_id = ANY($1)", [[a.claim_id, b.claim_id, c.claim_id, d.claim_id]],
  );
  const withdrawn = (await mesh.call("appeals", `/v1/appeals/${ids.d}`, { roles: hospital })).body;
  return { ids, claims: { a, b, c, d, e }, close, infected, upheld, applied, adjustment, escalated, notYet, closedByDeadline, outbox, claimVersions, paidBefore, current, withdrawn, received: receivedAppealWebhooks(receiver, appealIds) };
}

async function waitForDeliveries(receiver: WebhookReceiver, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const appeals = () => (receivedSummary(receiver.stub).types[EventTypes.appealTransitioned] ?? 0) + (receivedSummary(receiver.stub).types[EventTypes.appealEscalated] ?? 0);
  while (appeals() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 2000)); // strays: a second delivery of any would show now
}

function receivedAppealWebhooks(receiver: WebhookReceiver, appealIds: string[]) {
  return receiver.stub.received
    .map((r) => ({ webhookId: r.webhookId, ...(JSON.parse(r.body) as { type: string; data: { appealId: string; seq?: number; to?: string; state?: string } }) }))
    .filter((w) => appealIds.includes(w.data.appealId));
}

/** What the journey must come to, in either mode. */
export function expectAppealsJourney(r: Awaited<ReturnType<typeof runAppealsFlow>>): void {
  const { ids, claims } = r;
  expect(r.infected.status).toBe(422);
  expect(r.infected.body.error).toMatchObject({ code: "E_EVIDENCE_INFECTED", message: expect.stringContaining("Eicar-Test-Signature") });
  // Upheld: applied at once, nothing redone.
  expect(r.upheld).toMatchObject({ state: "applied", decision: "upheld", applyBatchId: null, after: { claimVersion: 1, drg: claims.b.drg } });
  // Partly and overturned: a new version through the pipeline; the appealed one superseded, its price row kept.
  for (const [key, decision] of [["a", "partly"], ["c", "overturned"]] as const) {
    const appeal = r.applied[key];
    const claim = claims[key];
    expect(appeal).toMatchObject({ decision, before: { claimVersion: 1, drg: claim.drg }, after: { claimVersion: 2 } });
    expect(r.claimVersions.filter((v) => v.claim_id === claim.claim_id)).toEqual([
      { claim_id: claim.claim_id, version: 1, state: "superseded" }, { claim_id: claim.claim_id, version: 2, state: expect.stringMatching(/^(final|under_review)$/) },
    ]);
    expect(r.paidBefore.filter((p) => p.claim_id === claim.claim_id).length).toBeGreaterThan(0);
    const now = r.current.find((p) => p.claim_id === claim.claim_id)!;
    expect(now).toMatchObject({ version: 2, total_sen: appeal.after.totalSen, run_id: appeal.after.runId });
  }
  expect(r.applied.c.after.drg).not.toBe(r.applied.c.before.drg);
  // The closed period's claim went into an adjustment run holding exactly its difference.
  expect(r.applied.c.after.runId).toMatch(new RegExp(`^run_adj_${CLOSED}_`));
  expect(r.adjustment).toMatchObject({ kind: "period-adjustment", period: CLOSED, status: "completed", claimCount: 1 });
  expect(BigInt(r.adjustment.deltaSen)).toBe(BigInt(r.applied.c.after.totalSen) - BigInt(r.applied.c.before.totalSen));
  expect(r.applied.a.after.runId).not.toMatch(/^run_adj_/);
  // Withdrawn: nothing about the claim changed.
  expect(r.withdrawn).toMatchObject({ state: "withdrawn", after: null, applyBatchId: null });
  expect(r.claimVersions.filter((v) => v.claim_id === claims.d.claim_id)).toEqual([{ claim_id: claims.d.claim_id, version: 1, state: "final" }]);
  expect(r.current.find((p) => p.claim_id === claims.d.claim_id)).toMatchObject({ version: 1 });
  // Deadlines under the tick's clock.
  expect(r.escalated).toMatchObject({ state: "filed", escalatedAt: expect.any(String) });
  expect(r.notYet).toBe("applied");
  expect(r.closedByDeadline.map((x) => x.state)).toEqual(["closed", "closed"]);
  // The journey's moves, one webhook each, once.
  const moves = (id: string) => r.outbox.filter((o) => o.appeal === id && o.type === EventTypes.appealTransitioned).length;
  expect([moves(ids.a), moves(ids.b), moves(ids.c), moves(ids.d), moves(ids.e)]).toEqual([5, 5, 5, 2, 1]);
  expect(r.outbox.filter((o) => o.type === EventTypes.appealEscalated).map((o) => o.appeal)).toEqual([ids.e]);
  const delivered = r.received.map((w) => `${w.type}|${w.data.appealId}|${w.data.seq ?? w.data.state}`).sort();
  const expected = r.outbox.map((o) => `${o.type}|${o.appeal}|${o.seq ?? "filed"}`).sort();
  expect(delivered).toEqual(expected);
  expect(new Set(r.received.map((w) => w.webhookId)).size).toBe(r.received.length);
}
