import { Hono } from "hono";
import { authorize, type TokenVerifier } from "@casemix/auth";
import type { Queryable } from "@casemix/db";
import { RunIdSchema } from "@casemix/events";
import { runStatus } from "../../status.ts";

/** GET /v1/runs/:runId: progress of a run (chunks done of total) and, once complete, its totals. */
export function getRunRoute(db: Queryable, verifier: TokenVerifier): Hono {
  return new Hono().get("/v1/runs/:runId", authorize(verifier), async (c) => {
    const runId = c.req.param("runId");
    if (!RunIdSchema.safeParse(runId).success) return c.json({ error: { code: "E_RUN_ID", field: "runId", message: "must look like run_<id>" } }, 400);
    const run = await runStatus(db, runId);
    if (!run) return c.json({ error: { code: "E_NOT_FOUND", message: `no run ${runId}` } }, 404);
    return c.json(run);
  });
}
