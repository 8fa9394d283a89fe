import { readChunk } from "@casemix/parquet";
import { isSettledClaimState, type ClaimState } from "@casemix/events";
import type { EmbeddedMesh } from "@casemix/runtime";
import { parseResultCsv } from "../intake-flow-helpers.ts";
import type { RenderedFile } from "./file-arbitraries.ts";

/** Statuses a refused request may get: a specific 4xx, never a 5xx. */
const REFUSALS = new Set([400, 413, 415]);

/** A generated patient identifier in clear: `PX<digits>` (string ids), or a 12-digit number id not inside a hash. */
export function clearIdentifiers(text: string, numericIds: readonly string[]): string[] {
  const found: string[] = [...(text.match(/PX\d+R\d+/g) ?? [])];
  for (const id of numericIds) if (new RegExp(`(?<![0-9a-fA-F])${id}(?![0-9a-fA-F])`).test(text)) found.push(id);
  return found;
}

export type FileOutcome = { status: number; code?: string; batchId?: string; batchStatus?: string; counts?: Record<string, number>; rows?: number };

/**
 * Sends one rendered file and checks the invariants of issue 16 point 3: a specific 4xx or a 202;
 * a 202 batch ends `completed` or `failed` with a reason within `settleMs`; the claims received
 * are all in terminal (or settled) states and the counts add up; rows the generator broke end
 * rejected with the rule's code; no patient identifier in clear in anything the API returns. With
 * `pipeline` false only the properties at intake are checked (on a mesh of intake alone).
 * Throws with a message naming the invariant that broke.
 */
export async function checkFile(mesh: EmbeddedMesh, token: string, file: RenderedFile, settleMs: number, pipeline = true): Promise<FileOutcome> {
  const auth = { authorization: `Bearer ${token}` };
  const res = await mesh.app.request("/v1/batches?fileName=fuzz", { method: "POST", body: new Uint8Array(file.bytes), headers: { ...auth, "content-type": file.contentType } });
  const bodyText = await res.text();
  const body = JSON.parse(bodyText) as { batchId?: string; error?: { code: string } };
  const numeric = file.patientIds.filter((id) => /^\d+$/.test(id));
  const leak = (where: string, text: string) => {
    const ids = clearIdentifiers(text, numeric);
    if (ids.length > 0) throw new Error(`a patient identifier in clear in ${where}: ${ids.join(", ")}`);
  };
  leak("the response", bodyText);
  if (res.status !== 202) {
    if (!REFUSALS.has(res.status)) throw new Error(`status ${res.status} is neither 202 nor a specific 4xx: ${bodyText.slice(0, 300)}`);
    if (!/^E_[A-Z0-9_]+$/.test(body.error?.code ?? "")) throw new Error(`a ${res.status} without an error code: ${bodyText.slice(0, 300)}`);
    if (file.expectFile && (file.expectFile.status !== res.status || file.expectFile.code !== body.error?.code)) {
      throw new Error(`expected ${file.expectFile.status} ${file.expectFile.code}, got ${res.status} ${body.error?.code}`);
    }
    if (!file.expectFile && file.rows) {
      // A file with no file-level fault and a known row per claim must be accepted: its bad rows are rejected one by one.
      throw new Error(`a file with no file-level fault was refused: ${res.status} ${body.error?.code}`);
    }
    return { status: res.status, code: body.error?.code };
  }
  if (file.expectFile) throw new Error(`expected ${file.expectFile.status} ${file.expectFile.code}, got 202`);
  const batchId = body.batchId!;
  await checkLanding(mesh, batchId, file, leak);
  if (!pipeline) return { status: 202, batchId, batchStatus: "landed" };
  const settled = await Promise.race([mesh.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), settleMs).unref())]);
  const statusText = await (await mesh.app.request(`/v1/batches/${batchId}`, { headers: auth })).text();
  leak("the batch status", statusText);
  const status = JSON.parse(statusText) as { status: string; error: { code: string } | null; rowsReceived: number; counts: Record<string, number> };
  if (!settled) throw new Error(`batch ${batchId} did not settle within ${settleMs} ms: ${statusText}`);
  if (status.status !== "completed" && status.status !== "failed") throw new Error(`batch ${batchId} ended ${status.status}, not completed or failed: ${statusText}`);
  if (status.status === "failed" && !status.error?.code) throw new Error(`batch ${batchId} failed without a reason`);
  const total = Object.values(status.counts).reduce((a, b) => a + b, 0);
  if (total !== status.rowsReceived) throw new Error(`counts ${JSON.stringify(status.counts)} add up to ${total}, not the ${status.rowsReceived} received`);
  const open = Object.keys(status.counts).filter((s) => !isSettledClaimState(s as ClaimState));
  if (status.status === "completed" && open.length > 0) throw new Error(`batch ${batchId} completed with claims still ${open.join(", ")}: ${statusText}`);
  const csv = await (await mesh.app.request(`/v1/batches/${batchId}/result.csv`, { headers: auth })).text();
  leak("the result file", csv);
  const result = parseResultCsv(csv);
  if (result.length !== status.rowsReceived) throw new Error(`the result file has ${result.length} rows, the batch received ${status.rowsReceived}`);
  if (file.rows) {
    if (status.rowsReceived !== file.rows.length) throw new Error(`${status.rowsReceived} rows received of ${file.rows.length} sent`);
    for (const r of result) {
      const expect = file.rows[Number(r.row_no) - 1];
      if (expect === "any" || expect === undefined) continue;
      if (r.state !== "rejected" || !r.error_codes.split("|").includes(expect.code)) {
        throw new Error(`row ${r.row_no} should be rejected with ${expect.code}, is ${r.state} [${r.error_codes}]`);
      }
    }
  }
  return { status: 202, batchId, batchStatus: status.status, counts: status.counts, rows: status.rowsReceived };
}

/**
 * The properties checked at intake, before the pipeline runs: the landing chunks hold one row per
 * claim sent, a row the generator broke carries its rule's code from intake already (one set of
 * input rules whatever the format), and no landing row holds a patient identifier in clear.
 */
async function checkLanding(mesh: EmbeddedMesh, batchId: string, file: RenderedFile, leak: (where: string, text: string) => void): Promise<void> {
  const rows: { rowNo: number; intakeErrors: string | null }[] = [];
  for await (const object of mesh.platform.store.list(`landing/${batchId}/`)) {
    const chunk = await readChunk(await mesh.platform.store.get(object.key));
    leak(`landing chunk ${object.key}`, JSON.stringify(chunk, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    rows.push(...(chunk as { rowNo: number; intakeErrors: string | null }[]));
  }
  if (!file.rows) return;
  if (rows.length !== file.rows.length) throw new Error(`intake landed ${rows.length} rows of ${file.rows.length} sent`);
  for (const row of rows) {
    const expect = file.rows[row.rowNo - 1];
    if (expect === "any" || expect === undefined) continue;
    const codes = row.intakeErrors === null ? [] : (JSON.parse(row.intakeErrors) as { code: string }[]).map((e) => e.code);
    if (!codes.includes(expect.code)) throw new Error(`at intake, row ${row.rowNo} should carry ${expect.code}, carries [${codes.join("|")}]`);
  }
}
