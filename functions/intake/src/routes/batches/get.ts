import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { BatchIdParamSchema, BatchStatusSchema, ErrorSchema } from "../schemas.ts";
import { adjustmentRuns, countByState, loadBatch } from "./load.ts";
import { batchProgress } from "./progress.ts";

const route = createRoute({
  method: "get",
  path: "/v1/batches/{batchId}",
  summary: "Batch status: counts of claims per state and progress",
  request: { params: BatchIdParamSchema },
  responses: {
    200: { description: "The batch", content: { "application/json": { schema: BatchStatusSchema } } },
    404: { description: "No such batch (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function registerGetBatch(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const { batchId } = c.req.valid("param");
    const batch = await loadBatch(deps.platform.db, batchId);
    // Another hospital's batch answers like a missing one: its existence is not this token's to know.
    if (!batch || !mayActFor(c.get("principal"), "batches.read", batch.hospital_code)) return c.json(errorBody("E_BATCH_NOT_FOUND", `no batch ${batchId}`), 404);
    const error = batch.error ? (JSON.parse(batch.error) as { code: string; message: string; deadLetterIds?: string[] }) : null;
    const rowsReceived = Number(batch.rows_received);
    const counts = await countByState(deps.platform.db, batchId, rowsReceived);
    const progress = batchProgress({
      counts, rowsReceived, status: batch.status, createdAt: new Date(batch.created_at),
      completedAt: batch.completed_at === null ? null : new Date(batch.completed_at), now: deps.platform.now(),
    });
    return c.json(
      {
        batchId: batch.id,
        hospitalCode: batch.hospital_code,
        channel: batch.channel,
        fileName: batch.file_name,
        status: batch.status,
        error,
        rowsReceived,
        chunksTotal: batch.chunks_total === null ? null : Number(batch.chunks_total),
        chunksDone: Number(batch.chunks_done),
        completedAt: iso(batch.completed_at),
        rawSha256: batch.raw_sha256,
        counts,
        progress,
        adjustmentRuns: await adjustmentRuns(deps.platform.db, batchId),
      },
      200,
    );
  });
}
