import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest, requestTraceparent } from "@casemix/runtime";
import { ingestFile } from "../../ingest.ts";
import { newBatchId } from "../../ids.ts";
import type { FileFormat } from "@casemix/claims";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { BatchIdParamSchema, ErrorSchema } from "../schemas.ts";
import { loadBatch } from "./load.ts";

const ReprocessedSchema = z.object({
  batchId: z.string(),
  reprocessOf: z.string(),
  rows: z.number().int(),
  chunks: z.number().int(),
  rawSha256: z.string(),
  statusUrl: z.string(),
});

const route = createRoute({
  method: "post",
  path: "/v1/batches/{batchId}/reprocess",
  summary: "Reprocess a batch from its raw file, as a new batch",
  description:
    "Reads the file exactly as it was received (raw/), and submits it again as a new batch that names the old one. " +
    "Claims that already reached their end state are recognised by dedupe as duplicates; claims rejected for a reason " +
    "since fixed (a hospital added to the register, a definition published) go through. The old batch is not changed.",
  request: { params: BatchIdParamSchema },
  responses: {
    202: { description: "The new batch", content: { "application/json": { schema: ReprocessedSchema } } },
    404: { description: "No such batch (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
    410: { description: "The raw file was deleted after its retention period (E_RAW_EXPIRED)", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "The batch has no raw file to reprocess", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/** The format from the stored file's name: intake keeps the name it was given. */
function formatOfName(name: string): FileFormat {
  if (/\.ndjson$|\.jsonl$/i.test(name)) return "ndjson";
  if (/\.json$/i.test(name)) return "json";
  return "csv";
}

export function registerReprocessBatch(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const { batchId } = c.req.valid("param");
    const old = await loadBatch(deps.platform.db, batchId);
    if (!old || !mayActFor(c.get("principal"), "batches.reprocess", old.hospital_code)) return c.json(errorBody("E_BATCH_NOT_FOUND", `no batch ${batchId}`), 404);
    if (!old.raw_key) return c.json(errorBody("E_NO_RAW_FILE", `batch ${batchId} has no raw file`), 409);
    if (old.raw_deleted_at) {
      const on = new Date(old.raw_deleted_at).toISOString().slice(0, 10);
      return c.json(errorBody("E_RAW_EXPIRED", `batch ${batchId} cannot be reprocessed: its raw file was deleted on ${on}, after the retention period of ${deps.env.RAW_RETENTION_DAYS} days (RAW_RETENTION_DAYS)`), 410);
    }
    const fileName = old.file_name ?? old.raw_key.split("/").pop() ?? "reprocessed.csv";
    const newId = newBatchId(deps.platform.now());
    const result = await ingestFile({
      platform: deps.platform,
      batchId: newId,
      hospitalCode: old.hospital_code,
      channel: old.channel as "rest" | "upload" | "sftp" | "smrp",
      fileName,
      format: formatOfName(fileName),
      body: await deps.raw.getStream(old.raw_key),
      pseudonymKey: deps.pseudonymKey,
      raw: deps.raw,
      chunkSize: deps.env.INTAKE_CHUNK_SIZE,
      maxFileBytes: deps.env.INTAKE_MAX_FILE_BYTES,
      maxJsonBytes: deps.env.INTAKE_MAX_JSON_BYTES,
      traceparent: requestTraceparent(c),
    });
    if (!result.ok) return c.json(errorBody(result.code, result.message, { batchId: newId, reprocessOf: batchId }), 409);
    await auditRequest(deps.platform.db, c.get("principal"), "batches.reprocess", batchId, { batchId: newId });
    deps.platform.log.info("batch reprocessed from its raw file", { batchId: newId, reprocessOf: batchId, rows: result.rows });
    return c.json(
      { batchId: newId, reprocessOf: batchId, rows: result.rows, chunks: result.chunks, rawSha256: result.rawSha256, statusUrl: `/v1/batches/${newId}` },
      202,
    );
  });
}
