import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { createRoute, z } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import type { AppealRow } from "../appeal-row.ts";
import { ScannerUnavailable } from "../evidence/scan.ts";
import { sniffEvidence } from "../evidence/sniff.ts";
import { loadAppeal } from "../store.ts";
import { AppealIdParamSchema, errorBody, ErrorSchema, EvidenceSchema, type AppealsApp, type AppealsDeps } from "./context.ts";

const QuerySchema = z.object({
  fileName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,199}$/, "a plain file name: letters, digits, spaces and . _ ( ) -, up to 200 characters"),
});

const addRoute = createRoute({
  method: "post",
  path: "/v1/appeals/{appealId}/evidence",
  summary: "Add an evidence file (the raw bytes as the body): a PDF, PNG or JPEG by its content, within the size limit, clean by ClamAV; nothing is stored otherwise",
  request: {
    params: AppealIdParamSchema,
    query: QuerySchema,
    body: { required: true, content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } } },
  },
  responses: {
    201: { description: "The stored evidence, with its sha256 and the scanner that passed it", content: { "application/json": { schema: EvidenceSchema } } },
    400: { description: "An empty file (E_EVIDENCE_EMPTY)", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No such appeal of this hospital", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "The appeal is decided or over (E_APPEAL_STATE)", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "Over the size limit (E_EVIDENCE_TOO_LARGE)", content: { "application/json": { schema: ErrorSchema } } },
    415: { description: "Not a PDF, PNG or JPEG by its content (E_EVIDENCE_TYPE)", content: { "application/json": { schema: ErrorSchema } } },
    422: { description: "ClamAV found a signature (E_EVIDENCE_INFECTED, naming it)", content: { "application/json": { schema: ErrorSchema } } },
    503: { description: "The scanner could not scan (E_SCANNER_UNAVAILABLE): refused, never stored unscanned", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/appeals/{appealId}/evidence/{evidenceId}",
  summary: "Download an evidence file (its own hospital and the ministry's reviewers only)",
  request: { params: AppealIdParamSchema.extend({ evidenceId: z.string().regex(/^evd_[a-f0-9]{24}$/).openapi({ param: { name: "evidenceId", in: "path" }, example: "evd_0123456789abcdef01234567" }) }) },
  responses: {
    200: { description: "The file as stored", content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } } },
    404: { description: "No such evidence of this hospital", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/** Reads the body up to `max` bytes; undefined when it is larger (reading stops there). */
async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

type Refusal = { status: 400 | 409 | 413 | 415 | 422 | 503; code: string; message: string };

/** The checks, cheapest first; the first that fails refuses the file. */
async function check(deps: AppealsDeps, appeal: AppealRow, raw: Request): Promise<Refusal | { bytes: Uint8Array; mediaType: string; scanner: string }> {
  const max = deps.env.APPEALS_EVIDENCE_MAX_BYTES;
  if (!["filed", "under_review"].includes(appeal.state)) return { status: 409, code: "E_APPEAL_STATE", message: `an appeal that is ${appeal.state} takes no more evidence` };
  const tooLarge = { status: 413 as const, code: "E_EVIDENCE_TOO_LARGE", message: `evidence files are limited to ${max} bytes` };
  if (Number(raw.headers.get("content-length") ?? 0) > max) return tooLarge;
  const bytes = await readLimited(raw.body, max);
  if (!bytes) return tooLarge;
  if (bytes.length === 0) return { status: 400, code: "E_EVIDENCE_EMPTY", message: "the evidence file is empty" };
  const type = await sniffEvidence(bytes);
  if (!type.ok) return { status: 415, code: type.code, message: type.message };
  try {
    const scan = await deps.scanner.scan(bytes);
    if (!scan.clean) return { status: 422, code: "E_EVIDENCE_INFECTED", message: `the virus scanner found ${scan.signature}: the file was not stored` };
    return { bytes, mediaType: type.mediaType, scanner: scan.scanner };
  } catch (error) {
    if (error instanceof ScannerUnavailable) return { status: 503, code: error.code, message: `${error.message}; the file was not stored` };
    throw error;
  }
}

export function registerEvidence(app: AppealsApp, deps: AppealsDeps): void {
  app.openapi(addRoute, async (c) => {
    const { appealId } = c.req.valid("param");
    const { fileName } = c.req.valid("query");
    const principal = c.get("principal");
    const db = deps.platform.db;
    const appeal = await loadAppeal(db, appealId);
    if (!appeal || !mayActFor(principal, "appeals.evidence.add", appeal.hospital_code)) return c.json(errorBody("E_APPEAL_NOT_FOUND", `no appeal ${appealId} of this hospital`), 404);
    const checked = await check(deps, appeal, c.req.raw);
    if ("code" in checked) {
      await auditRequest(db, principal, "appeals.evidence.refuse", appealId, { fileName, code: checked.code });
      return c.json(errorBody(checked.code, checked.message, checked.status === 409 ? undefined : "body"), checked.status);
    }
    const evidenceId = `evd_${randomBytes(12).toString("hex")}`;
    const sha256 = createHash("sha256").update(checked.bytes).digest("hex");
    const objectKey = `appeals/${appealId}/${evidenceId}`;
    await deps.evidence.put(objectKey, Readable.from([Buffer.from(checked.bytes)]));
    const at = deps.platform.now().toISOString();
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO appeal_evidence (evidence_id, appeal_id, hospital_code, file_name, media_type, bytes, sha256, object_key, scanner, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [evidenceId, appealId, appeal.hospital_code, fileName, checked.mediaType, checked.bytes.length, sha256, objectKey, checked.scanner, principal.subject, at],
      );
      await auditRequest(tx, principal, "appeals.evidence.add", appealId, { evidenceId, fileName, mediaType: checked.mediaType, bytes: checked.bytes.length, sha256, scanner: checked.scanner });
    });
    return c.json({ evidenceId, fileName, mediaType: checked.mediaType, bytes: checked.bytes.length, sha256, scanner: checked.scanner, uploadedBy: principal.subject, createdAt: at }, 201);
  });

  app.openapi(getRoute, async (c) => {
    const { appealId, evidenceId } = c.req.valid("param");
    const principal = c.get("principal");
    const { rows } = await deps.platform.db.query<{ hospital_code: string; object_key: string; media_type: string; sha256: string; file_name: string }>(
      "SELECT hospital_code, object_key, media_type, sha256, file_name FROM appeal_evidence WHERE evidence_id = $1 AND appeal_id = $2", [evidenceId, appealId],
    );
    const found = rows[0];
    // Another hospital's evidence is not found: never served, never confirmed.
    if (!found || !mayActFor(principal, "appeals.evidence.read", found.hospital_code)) return c.json(errorBody("E_EVIDENCE_NOT_FOUND", `no evidence ${evidenceId} on appeal ${appealId}`), 404);
    const bytes = await buffer(await deps.evidence.getStream(found.object_key));
    await auditRequest(deps.platform.db, principal, "appeals.evidence.read", appealId, { evidenceId, sha256: found.sha256 });
    return new Response(bytes, {
      status: 200,
      headers: {
        "content-type": found.media_type, "x-content-type-options": "nosniff", "x-evidence-sha256": found.sha256,
        "content-disposition": `attachment; filename="${found.file_name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      },
    }) as never;
  });
}
