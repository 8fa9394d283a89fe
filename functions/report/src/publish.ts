import { createHash } from "node:crypto";
import type { Db } from "@casemix/db";
import { figuresToCsv, renderPeriodPdf, writeCurated, CURATED_PREFIX, type FigureRow } from "@casemix/reporting";
import type { ObjectStore } from "@casemix/storage";
import { hospitalClaims } from "./facts.ts";
import type { ReportLabels } from "./labels.ts";

/** One file a report run published. */
export type PublishedFile = {
  reportId: string;
  kind: "period-summary" | "curated-claims";
  format: "csv" | "pdf" | "json" | "parquet";
  objectKey: string;
  sha256: string;
  rowCount?: number;
  /** Set on a hospital's own file (curated v2 parquet), served by the API but not announced by an event. */
  hospitalCode?: string;
};

/** Report ids derive from period, run and file, so a redelivered period.priced names the same files. */
export const reportIdOf = (...parts: string[]) => "rpt_" + createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24);

/**
 * Writes a period's files, each once at a key naming the run: the figures as CSV and PDF under
 * `exports/reports/<period>/`, and the curated claims as one parquet file per hospital under
 * `curated/claims/period=<period>/hospital=<code>/part-<run>.parquet`, with a JSON manifest of them.
 */
export async function writePeriodFiles(db: Db, store: ObjectStore, o: { period: string; runId: string; generatedAt: string; figures: FigureRow[]; labels?: ReportLabels }): Promise<PublishedFile[]> {
  const { period, runId } = o;
  const base = `exports/reports/${period}/${runId}`;
  const csv = new TextEncoder().encode(figuresToCsv(o.figures));
  const pdf = await renderPeriodPdf({ period, runId, generatedAt: o.generatedAt, figures: o.figures, ...o.labels });
  const files: PublishedFile[] = [];
  const put = async (kind: PublishedFile["kind"], format: PublishedFile["format"], key: string, bytes: Uint8Array, rowCount?: number) => {
    const stored = await store.putOnce(key, bytes);
    files.push({ reportId: reportIdOf(period, runId, kind, format), kind, format, objectKey: key, sha256: stored.sha256, ...(rowCount === undefined ? {} : { rowCount }) });
  };
  await put("period-summary", "csv", `${base}/figures.csv`, csv, o.figures.length);
  await put("period-summary", "pdf", `${base}/report.pdf`, pdf);
  const hospitals = o.figures.filter((f) => f.dimension === "hospital").map((f) => f.hospitalCode);
  const manifest: { key: string; sha256: string; rowCount: number }[] = [];
  for (const code of hospitals) {
    // One hospital at a time: a period of a million claims never sits in memory at once.
    const claims = await hospitalClaims(db, period, runId, code);
    for (const file of writeCurated(claims, runId)) {
      await store.putOnce(file.key, file.bytes);
      manifest.push({ key: file.key, sha256: file.sha256, rowCount: file.rowCount });
    }
    // Version 2 beside v1 (claim number, discharge date, patient pseudonym): what the API and
    // `casemix report` serve, per hospital, so analysts can join rows back to claims.
    for (const file of writeCurated(claims, runId, 2)) {
      const stored = await store.putOnce(file.key, file.bytes);
      files.push({ reportId: reportIdOf(period, runId, "curated-claims", "parquet", code), kind: "curated-claims", format: "parquet", objectKey: file.key, sha256: stored.sha256, rowCount: file.rowCount, hospitalCode: code });
    }
  }
  const rows = manifest.reduce((s, m) => s + m.rowCount, 0);
  const body = new TextEncoder().encode(JSON.stringify({ period, runId, layout: `${CURATED_PREFIX}/period=YYYY-MM/hospital=CODE/part-<run>.parquet`, files: manifest }, null, 1));
  await put("curated-claims", "json", `${CURATED_PREFIX}/_manifests/period=${period}/${runId}.json`, body, rows);
  return files;
}
