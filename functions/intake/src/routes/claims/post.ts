import { Readable } from "node:stream";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { HospitalCodeSchema } from "@casemix/events";
import { requestTraceparent } from "@casemix/runtime";
import { ingestFile } from "../../ingest.ts";
import { newBatchId } from "../../ids.ts";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { AcceptedSchema, ClaimSchema, ErrorSchema } from "../schemas.ts";

const MAX_CLAIM_BYTES = 1024 * 1024;

const route = createRoute({
  method: "post",
  path: "/v1/claims",
  summary: "Submit one claim (JSON)",
  description: "The claim becomes a batch of one; follow it with the batch status and result endpoints.",
  request: { body: { required: true, content: { "application/json": { schema: ClaimSchema } } } },
  responses: {
    202: { description: "Accepted", content: { "application/json": { schema: AcceptedSchema } } },
    400: { description: "Not a JSON claim", content: { "application/json": { schema: ErrorSchema } } },
    403: { description: "The token may not submit for this hospital", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostClaim(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  // Registered without the body validator: the claim schema's coded errors (stored with the claim)
  // are what the hospital needs, not a generic 400; the OpenAPI entry still documents the body.
  app.openAPIRegistry.registerPath(route);
  app.post("/v1/claims", async (c) => {
    const principal = c.get("principal");
    const text = await c.req.text();
    if (text.length > MAX_CLAIM_BYTES) return c.json(errorBody("E_JSON_TOO_LARGE", `one claim may be at most ${MAX_CLAIM_BYTES} bytes`), 400);
    let hospital: unknown;
    try {
      hospital = (JSON.parse(text) as { hospitalCode?: unknown }).hospitalCode;
    } catch {
      hospital = undefined;
    }
    const hospitalCode = typeof hospital === "string" ? hospital.trim() : principal.hospital;
    if (!hospitalCode) return c.json(errorBody("E_HOSPITAL_REQUIRED", "the claim has no hospitalCode"), 400);
    if (!HospitalCodeSchema.safeParse(hospitalCode).success) {
      return c.json(errorBody("E_HOSPITAL_CODE_FORMAT", "hospitalCode must be the hospital's register code: 2-32 upper-case letters, digits or dashes"), 400);
    }
    if (!mayActFor(principal, "claims.submit", hospitalCode)) {
      return c.json(errorBody("E_FORBIDDEN_HOSPITAL", `this token may not submit claims for hospital ${hospitalCode}`), 403);
    }
    const batchId = newBatchId(deps.platform.now());
    const result = await ingestFile({
      platform: deps.platform, batchId, hospitalCode, channel: "rest", fileName: "claim.json", format: "json",
      body: Readable.from([Buffer.from(text)]), pseudonymKey: deps.pseudonymKey, raw: deps.raw, chunkSize: deps.env.INTAKE_CHUNK_SIZE,
      maxFileBytes: MAX_CLAIM_BYTES, maxJsonBytes: MAX_CLAIM_BYTES, traceparent: requestTraceparent(c),
    });
    if (!result.ok) return c.json(errorBody(result.code, result.message, { batchId }), 400);
    return c.json({ batchId, rows: result.rows, chunks: result.chunks, rawSha256: result.rawSha256, statusUrl: `/v1/batches/${batchId}`, resultUrl: `/v1/batches/${batchId}/result.csv` }, 202);
  });
}
