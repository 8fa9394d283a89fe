import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { aggregate, CHART_BOX, figuresFromCsv, formatRinggit } from "@casemix/reporting";
import { hasPoppler, nonWhiteShare, pdfToText, POPPLER_ABSENT } from "@casemix/reporting/testing";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { createConfigStore } from "@casemix/config";
import { createReport } from "./handler.ts";
import { createReportApi } from "./routes/api.ts";
import { readFacts, seedPricedPeriod } from "./seed.ts";

/**
 * Acceptance (issue 6): a priced period is reported; the PDF read back with poppler, the CSV, and the
 * curated parquet read by DuckDB all agree with the API's figures.
 */
const PERIOD = "2027-01";
const RUN = "run_close-2027-01";
let issuer: TestIssuer;
let platform: Platform;
let api: ReturnType<typeof createReportApi>;
let reply: CasemixEvent;
let token: string;

const periodPriced = (id = "evt_pp1"): CasemixEvent => ({
  specversion: "1.0", id, source: "/casemix/price", type: EventTypes.periodPriced, time: "2027-02-02T01:00:00.000Z",
  data: { period: PERIOD, runId: RUN, runKind: "close", chunkCount: 1, claimCount: 6000, totalSen: "1", tariffVersionIds: ["synthetic@1"], pricedAt: "2027-02-02T00:59:00Z" },
});

const get = async (path: string, t = token) => api.request(path, { headers: { authorization: `Bearer ${t}` } });
const json = async (path: string) => (await get(path)).json() as Promise<Record<string, any>>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  // The demo configuration (illustrative definition and register) gives the PDF its labels and caveat.
  const config = createConfigStore({ db: platform.db, cache: platform.cache, now: platform.now, seedDemo: true });
  await config.ensureSeeded();
  await seedPricedPeriod(platform.db, { period: PERIOD, runId: RUN, claims: 6000, hospitals: 12, drgs: 60 });
  const result = await createEventProcessor({ fn: createReport(platform, config), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }).process(periodPriced());
  reply = result.reply!;
  api = createReportApi({ platform, cacheTtlSeconds: 60 });
  token = await issuer.token({ roles: ["ministry"] });
}, 120_000);
afterAll(async () => {
  await platform?.db.close();
  await issuer?.close();
});

describe("report on period.priced", () => {
  it("replies report.published for the PDF and puts the CSV and curated manifest in the outbox", async () => {
    expect(reply.type).toBe(EventTypes.reportPublished);
    expect(reply.data).toMatchObject({ kind: "period-summary", format: "pdf", period: PERIOD });
    const { rows } = await platform.db.query<{ event: { data: { kind: string; format: string } } }>("SELECT event FROM outbox WHERE event->>'type' = $1 ORDER BY id", [EventTypes.reportPublished]);
    expect(rows.map((r) => `${r.event.data.kind}.${r.event.data.format}`)).toEqual(["period-summary.csv", "curated-claims.json"]);
  });

  it("stores figures equal to the pure aggregation of the same claims", async () => {
    const expected = aggregate(await readFacts(platform.db, PERIOD));
    const period = await json(`/v1/reports/${PERIOD}`);
    const mine = expected.find((f) => f.dimension === "period")!;
    expect(period).toMatchObject({ cases: mine.cases, casemixIndex: mine.casemixIndex, averageLos: mine.averageLos, totalSen: mine.totalSen, meanSen: mine.meanSen, outlierRate: mine.outlierRate });
    const { rows } = await platform.db.query<{ n: string }>("SELECT count(*)::text AS n FROM report_figure WHERE period = $1", [PERIOD]);
    expect(Number(rows[0].n)).toBe(expected.length);
  });

  it("answers hospital, MDC, DRG and hospital x DRG figures, and 404 for unknown keys", async () => {
    expect(await json(`/v1/reports/${PERIOD}/hospitals/H001`)).toMatchObject({ dimension: "hospital", hospitalCode: "H001" });
    expect(await json(`/v1/reports/${PERIOD}/mdcs/05`)).toMatchObject({ dimension: "mdc", mdc: "05" });
    expect(await json(`/v1/reports/${PERIOD}/drgs/D007`)).toMatchObject({ dimension: "drg", drg: "D007" });
    const { rows } = await platform.db.query<{ hospital_code: string; drg: string; total_sen: string }>(
      "SELECT hospital_code, drg, total_sen::text FROM report_figure WHERE dimension = 'hospital-drg' ORDER BY hospital_code, drg LIMIT 1",
    );
    expect(await json(`/v1/reports/${PERIOD}/hospitals/${rows[0].hospital_code}/drgs/${rows[0].drg}`)).toMatchObject({ totalSen: rows[0].total_sen });
    expect((await get(`/v1/reports/${PERIOD}/hospitals/H999`)).status).toBe(404);
  });

  it("lets a hospital token read its own figures only", async () => {
    const own = await issuer.token({ roles: ["hospital"], hospital: "H001" });
    expect((await get(`/v1/reports/${PERIOD}/hospitals/H001`, own)).status).toBe(200);
    expect((await get(`/v1/reports/${PERIOD}/hospitals/H002`, own)).status).toBe(403);
    expect((await get(`/v1/reports/${PERIOD}`, own)).status).toBe(403);
    expect((await api.request(`/v1/reports/${PERIOD}`)).status).toBe(401);
  });

  it("serves an OpenAPI document", async () => {
    const doc = await (await api.request("/v1/openapi/reports.json")).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/v1/reports/{period}/hospitals/{hospitalCode}/drgs/{drg}");
  });

  it("PDF read back with pdftotext shows the API's period, casemix index and total payment", skipUnless(hasPoppler(), POPPLER_ABSENT), async () => {
    const period = await json(`/v1/reports/${PERIOD}`);
    const res = await get(`/v1/reports/${PERIOD}/files/pdf`);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = pdfToText(new Uint8Array(await res.arrayBuffer()));
    console.log(`PDF: period ${PERIOD}, casemix index ${period.casemixIndex}, total ${formatRinggit(period.totalSen)}`);
    expect(text).toContain(`Period: ${PERIOD}`);
    expect(text).toContain(`Casemix index: ${period.casemixIndex}`);
    expect(text).toContain(`Total payment: ${formatRinggit(period.totalSen)}`);
    // The definition in force is the demo: its caveat and MDC titles are printed, times in Kuala Lumpur.
    expect(text).toMatch(/DEFINITION DEMO 2026\.1 IS ILLUSTRATIVE, NOT FOR PAYMENT/);
    expect(text).toMatch(/05 Circulatory/);
    expect(text).toContain("Generated: 2027-02-02 09:00 (Asia/Kuala_Lumpur)");
  });

  it("PDF chart area rendered by pdftoppm is at least 5% non-white", skipUnless(hasPoppler(), POPPLER_ABSENT), async () => {
    const bytes = new Uint8Array(await (await get(`/v1/reports/${PERIOD}/files/pdf`)).arrayBuffer());
    const share = nonWhiteShare(bytes, CHART_BOX);
    console.log(`PDF chart area non-white: ${(share * 100).toFixed(1)}%`);
    expect(share).toBeGreaterThanOrEqual(0.05);
  });

  it("a report asked for before its period is closed answers 404 saying how to close it", async () => {
    const res = await get("/v1/reports/2027-05");
    expect(res.status).toBe(404);
    const { error } = await res.json();
    expect(error.code).toBe("E_FIGURE_NOT_FOUND");
    expect(error.message).toContain("period 2027-05 is open");
    expect(error.message).toContain("casemix close-period 2027-05");
    expect((await (await get("/v1/reports/2027-05/hospitals")).json()).error.message).toContain("period 2027-05 is open");
    await platform.db.query("INSERT INTO period (period, status, close_run_id) VALUES ('2027-06', 'closing', 'run_x')");
    expect((await (await get("/v1/reports/2027-06/files/pdf")).json()).error.message).toContain("is closing (run run_x)");
    // A period with a report: a missing key is only that.
    expect((await (await get(`/v1/reports/${PERIOD}/hospitals/NOPE`)).json()).error.message).toBe(`no hospital figure for ${PERIOD} / NOPE`);
  });

  it("CSV export round-trips and agrees with the API", async () => {
    const text = await (await get(`/v1/reports/${PERIOD}/files/csv`)).text();
    const parsed = figuresFromCsv(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { figuresToCsv } = await import("@casemix/reporting");
    expect(figuresToCsv(parsed.rows)).toBe(text);
    const hospital = await json(`/v1/reports/${PERIOD}/hospitals/H003`);
    expect(parsed.rows.find((r) => r.dimension === "hospital" && r.hospitalCode === "H003")).toMatchObject({ totalSen: hospital.totalSen, casemixIndex: hospital.casemixIndex, cases: hospital.cases });
  });

  it("DuckDB reads the curated parquet as it is, and its totals equal the API's", async () => {
    // The objects as stored, copied out under their keys (the store may be a folder or S3).
    const root = await mkdtemp(join(tmpdir(), "casemix-curated-read-"));
    for await (const o of platform.store.list("curated/claims/")) {
      await mkdir(dirname(join(root, o.key)), { recursive: true });
      await writeFile(join(root, o.key), await platform.store.get(o.key));
    }
    const instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB" });
    try {
      const connection = await instance.connect();
      const result = await connection.runAndReadAll(
        `SELECT count(*)::bigint AS cases, (sum(payment) * 100)::bigint::varchar AS sen, count(DISTINCT hospital)::bigint AS hospitals
         FROM read_parquet('${root}/curated/claims/period=${PERIOD}/**/*.parquet')`,
      );
      const [row] = result.getRowObjectsJS() as { cases: bigint; sen: string; hospitals: bigint }[];
      const period = await json(`/v1/reports/${PERIOD}`);
      console.log(`DuckDB: ${row.cases} claims, ${row.sen} sen over ${row.hospitals} hospitals; API: ${period.cases} claims, ${period.totalSen} sen`);
      expect(Number(row.cases)).toBe(period.cases);
      expect(row.sen).toBe(period.totalSen);
      expect(Number(row.hospitals)).toBe(12);
      const h = await connection.runAndReadAll(`SELECT (sum(payment) * 100)::bigint::varchar AS sen FROM read_parquet('${root}/curated/claims/**/*.parquet') WHERE period = '${PERIOD}' AND hospital = 'H005'`);
      expect((h.getRowObjectsJS()[0] as { sen: string }).sen).toBe((await json(`/v1/reports/${PERIOD}/hospitals/H005`)).totalSen);
    } finally {
      instance.closeSync();
    }
  });

  it("serves a hospital's claims as parquet (curated v2) with claim number, discharge date and patient pseudonym, totals equal to the API's", async () => {
    const res = await get(`/v1/reports/${PERIOD}/hospitals/H005/claims.parquet`, await issuer.token({ roles: ["hospital"], hospital: "H005" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    const root = await mkdtemp(join(tmpdir(), "casemix-claims-parquet-"));
    const file = join(root, "h005.parquet");
    await writeFile(file, new Uint8Array(await res.arrayBuffer()));
    const instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB" });
    try {
      const connection = await instance.connect();
      const read = await connection.runAndReadAll(
        `SELECT count(*)::bigint AS cases, (sum(payment) * 100)::bigint::varchar AS sen, count(claim_number)::bigint AS numbered,
                min(discharge_date)::varchar AS first, max(discharge_date)::varchar AS last, count(DISTINCT patient_pseudo)::bigint AS patients
         FROM read_parquet('${file}')`,
      );
      const [row] = read.getRowObjectsJS() as { cases: bigint; sen: string; numbered: bigint; first: string; last: string; patients: bigint }[];
      const figure = await json(`/v1/reports/${PERIOD}/hospitals/H005`);
      expect(Number(row.cases)).toBe(figure.cases);
      expect(row.sen).toBe(figure.totalSen);
      expect(Number(row.numbered)).toBe(figure.cases);
      expect(row.first >= `${PERIOD}-01` && row.last <= `${PERIOD}-31`).toBe(true);
      expect(Number(row.patients)).toBeGreaterThan(1);
      const sample = (await connection.runAndReadAll(`SELECT claim_number, patient_pseudo FROM read_parquet('${file}') LIMIT 1`)).getRowObjectsJS()[0] as { claim_number: string; patient_pseudo: string };
      expect(sample.claim_number).toMatch(/^N\d+$/);
      expect(sample.patient_pseudo).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      instance.closeSync();
    }
    expect((await get(`/v1/reports/${PERIOD}/hospitals/H005/claims.parquet`, await issuer.token({ roles: ["hospital"], hospital: "H006" }))).status).toBe(403);
    expect((await (await get(`/v1/reports/2027-05/hospitals/H005/claims.parquet`)).json()).error.message).toContain("casemix close-period 2027-05");
  });

  it("acknowledges claims.chunk.flagged with 202: curated files are written per period", async () => {
    const processor = createEventProcessor({ fn: createReport(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const flagged = { ...periodPriced("evt_flagged1"), type: EventTypes.claimsChunkFlagged, data: {} };
    expect((await processor.process(flagged)).status).toBe(202);
  });

  it("answers a redelivered period.priced with the same reply", async () => {
    const processor = createEventProcessor({ fn: createReport(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    expect((await processor.process(periodPriced())).reply).toEqual(reply);
  });
});
