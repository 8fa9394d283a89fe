import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { HospitalCodeSchema } from "@casemix/events";
import { requestTraceparent } from "@casemix/runtime";
import { ingestFile } from "../../ingest.ts";
import { derivedBatchId, newBatchId } from "../../ids.ts";
import { loadBatch } from "./load.ts";
import type { FileFormat } from "@casemix/claims";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { AcceptedSchema, CLAIM_EXAMPLE, CSV_BATCH_EXAMPLE, ErrorSchema, IdempotencyHeadersSchema, JsonBatchSchema, UploadQuerySchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/batches",
  summary: "Submit a batch of claims (CSV, NDJSON or JSON), streamed",
  description:
    "The body is stored unchanged, envelope-encrypted, under raw/ (kept RAW_RETENTION_DAYS), then split into chunks of claims for validation. CSV: one claim per row with a header (see the claim format); NDJSON: one claim object per line; JSON: an array of claims or {\"claims\": [...]} up to 64 MiB. Bad rows are rejected later with their reasons; a bad file (empty, wrong delimiter, missing columns) is refused here.",
  request: {
    query: UploadQuerySchema,
    headers: IdempotencyHeadersSchema,
    body: {
      required: true,
      content: {
        "text/csv": { schema: z.string().openapi({ format: "binary" }), example: CSV_BATCH_EXAMPLE },
        "application/x-ndjson": { schema: z.string().openapi({ format: "binary" }), example: `${JSON.stringify(CLAIM_EXAMPLE)}\n` },
        "application/json": { schema: JsonBatchSchema },
      },
    },
  },
  responses: {
    // 202's body carries sameFileAs and warning when the same bytes were accepted before for the hospital.
    200: { description: "A batch with this Idempotency-Key was already received whole: its id, nothing stored again", content: { "application/json": { schema: AcceptedSchema } } },
    202: { description: "Stored and split; the claims are being processed", content: { "application/json": { schema: AcceptedSchema } } },
    400: { description: "The file as a whole was refused", content: { "application/json": { schema: ErrorSchema } } },
    403: { description: "The token may not submit for this hospital", content: { "application/json": { schema: ErrorSchema } } },
    415: { description: "Unsupported content type", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/** The format from the content type; CSV when it names CSV or plain text. */
export function formatOf(contentType: string | undefined): FileFormat | undefined {
  const ct = (contentType ?? "").toLowerCase();
  if (ct.includes("csv") || ct.startsWith("text/plain")) return "csv";
  if (ct.includes("ndjson") || ct.includes("jsonl")) return "ndjson";
  if (ct.includes("json")) return "json";
  return undefined;
}

const webBody = (body: ReadableStream<Uint8Array> | null): Readable => (body ? Readable.fromWeb(body as never) : Readable.from([]));

/**
 * What the handler is registered with: the documented route less its body, which is never parsed
 * whole. A JSON batch (up to 64 MiB) is streamed into chunks like the other formats, each bad claim
 * rejected with its reasons, where the framework's body validator would read it all and refuse it whole.
 */
const handled = { ...route, hide: true, request: { query: route.request.query, headers: route.request.headers } };

/**
 * The earliest other batch of this hospital whose file had the same bytes, or undefined: the same file
 * sent twice once got no warning (issue 18.6). The bytes are only known once streamed, so the second
 * batch is taken (dedupe marks its claims duplicates) and the answer names the first.
 */
async function sameFileSentBefore(db: IntakeDeps["platform"]["db"], hospital: string, sha256: string, batchId: string): Promise<{ batchId: string; receivedAt: string } | undefined> {
  const { rows } = await db.query<{ id: string; created_at: Date | string }>(
    "SELECT id, created_at FROM batch WHERE hospital_code = $1 AND raw_sha256 = $2 AND id <> $3 ORDER BY created_at, id LIMIT 1",
    [hospital, sha256, batchId],
  );
  return rows[0] ? { batchId: rows[0].id, receivedAt: new Date(rows[0].created_at).toISOString() } : undefined;
}

export function registerPostBatch(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openAPIRegistry.registerPath(route);
  app.openapi(handled, async (c) => {
    const principal = c.get("principal");
    const query = c.req.valid("query");
    const hospital = query.hospital ?? principal.hospital;
    if (!hospital || !HospitalCodeSchema.safeParse(hospital).success) {
      return c.json(errorBody("E_HOSPITAL_REQUIRED", "name the hospital with ?hospital=<code> (a hospital token uses its own)"), 400);
    }
    if (!mayActFor(principal, "batches.submit", hospital)) {
      return c.json(errorBody("E_FORBIDDEN_HOSPITAL", `this token may not submit claims for hospital ${hospital}`), 403);
    }
    const format = formatOf(c.req.header("content-type"));
    if (!format) return c.json(errorBody("E_CONTENT_TYPE", "send text/csv, application/x-ndjson or application/json"), 415);
    // On Node, read the request itself: it pauses the socket when the store is slower than the
    // client (backpressure). The web stream over it reads ahead, which grew memory with the file.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // With an Idempotency-Key the batch id is derived from it, so a POST sent again (a timeout, a
    // restore of the database to an earlier point) names the same batch: received whole, it answers
    // with that batch; otherwise the file is taken again under the same id, whose chunks and events are
    // the same ones (deterministic keys and ids), so what was already done is not done twice.
    const key = c.req.valid("header")["idempotency-key"];
    const batchId = key ? derivedBatchId("rest", hospital, key) : newBatchId(deps.platform.now());
    const earlier = key ? await loadBatch(deps.platform.db, batchId) : undefined;
    if (earlier && earlier.chunks_total !== null) {
      return c.json(
        { batchId, rows: Number(earlier.rows_received), chunks: Number(earlier.chunks_total), rawSha256: earlier.raw_sha256 ?? "", statusUrl: `/v1/batches/${batchId}`, resultUrl: `/v1/batches/${batchId}/result.csv` },
        200,
      );
    }
    const result = await ingestFile({
      platform: deps.platform,
      batchId,
      hospitalCode: hospital,
      channel: "upload",
      fileName: query.fileName ?? `upload.${format === "ndjson" ? "ndjson" : format}`,
      format,
      body: incoming ?? webBody(c.req.raw.body),
      pseudonymKey: deps.pseudonymKey,
      raw: deps.raw,
      chunkSize: deps.env.INTAKE_CHUNK_SIZE,
      maxFileBytes: deps.env.INTAKE_MAX_FILE_BYTES,
      maxJsonBytes: deps.env.INTAKE_MAX_JSON_BYTES,
      traceparent: requestTraceparent(c),
    });
    if (!result.ok) return c.json(errorBody(result.code, result.message, { batchId }), 400);
    const sent = await sameFileSentBefore(deps.platform.db, hospital, result.rawSha256, batchId);
    return c.json(
      {
        batchId, rows: result.rows, chunks: result.chunks, rawSha256: result.rawSha256, statusUrl: `/v1/batches/${batchId}`, resultUrl: `/v1/batches/${batchId}/result.csv`,
        ...(sent ? { sameFileAs: sent, warning: `this file (sha256 ${result.rawSha256.slice(0, 12)}...) was already accepted as batch ${sent.batchId} on ${sent.receivedAt}: its claims will be found duplicates; to send it again safely use an Idempotency-Key` } : {}),
      },
      202,
    );
  });
}
