import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { freezeBaseline } from "../../baselines.ts";
import { audit, errorBody, ErrorSchema, type OutlierDeps, type OutlierVariables } from "../context.ts";

const BodySchema = z.object({
  version: z.number().int().positive().max(2 ** 31 - 1),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  periods: z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: "2026-12" })).min(1).max(36),
});

const route = createRoute({
  method: "post",
  path: "/v1/outlier-baselines",
  summary: "Freeze a new baseline version from the decision log of closed periods",
  request: { body: { content: { "application/json": { schema: BodySchema } }, required: true } },
  responses: {
    201: {
      description: "The frozen baseline",
      content: { "application/json": { schema: z.object({ id: z.string(), version: z.number(), claims: z.number(), peerGroups: z.number(), trainedOn: z.number() }) } },
    },
    400: { description: "A period is not closed", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "The version exists", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerFreezeBaseline(app: OpenAPIHono<{ Variables: OutlierVariables }>, deps: OutlierDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const now = deps.platform.now();
    // Closed as price's period table says (open -> closing -> closed): a closing period may still change.
    const { rows: closed } = await deps.platform.db.query<{ period: string }>("SELECT period FROM period WHERE period = ANY($1::text[]) AND status = 'closed'", [body.periods]);
    const open = body.periods.find((p) => !closed.some((r) => r.period === p));
    if (open) return c.json(errorBody("E_PERIOD_NOT_CLOSED", `period ${open} is not closed: a baseline learns from closed periods only`), 400);
    const { rows } = await deps.platform.db.query("SELECT 1 FROM outlier_baseline WHERE version = $1", [body.version]);
    if (rows.length > 0) return c.json(errorBody("E_BASELINE_VERSION_EXISTS", `baseline version ${body.version} exists; versions are immutable`), 409);
    const baseline = await freezeBaseline(deps.platform.db, { ...body, frozenAt: now.toISOString() });
    await audit(deps.platform.db, c.get("principal"), "outlier-baselines.freeze", baseline.id, { ...body, claims: baseline.claims });
    return c.json({ id: baseline.id, version: baseline.version, claims: baseline.claims, peerGroups: Object.keys(baseline.peers).length, trainedOn: baseline.trainedOn }, 201);
  });
}
