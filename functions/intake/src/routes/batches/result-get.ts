import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { BatchIdParamSchema, ErrorSchema } from "../schemas.ts";
import { loadBatch } from "./load.ts";
import { resultLines } from "./result-rows.ts";

const route = createRoute({
  method: "get",
  path: "/v1/batches/{batchId}/result.csv",
  summary: "Result file: every claim of the batch with its state, error codes and messages, DRG and price",
  request: { params: BatchIdParamSchema },
  responses: {
    200: { description: "CSV, one row per submitted claim", content: { "text/csv": { schema: z.string() } } },
    404: { description: "No such batch (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerGetResult(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const { batchId } = c.req.valid("param");
    const batch = await loadBatch(deps.platform.db, batchId);
    if (!batch || !mayActFor(c.get("principal"), "batches.result", batch.hospital_code)) return c.json(errorBody("E_BATCH_NOT_FOUND", `no batch ${batchId}`), 404);
    // A read of patient-level data: audited per call (not per row), before the first row leaves.
    await auditRequest(deps.platform.db, c.get("principal"), "batches.result", batchId, { hospital: batch.hospital_code });
    const lines = resultLines(deps.platform.db, batchId, Number(batch.rows_received));
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${batchId}-result.csv"` },
    }) as never;
  });
}
