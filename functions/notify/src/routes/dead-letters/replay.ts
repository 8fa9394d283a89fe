import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { replayDeadLetter } from "@casemix/webhooks";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, statusOfCode, type NotifyVariables } from "../context.ts";
import { WebhookIdParamSchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/dead-letters/{webhookId}/replay",
  summary: "Send a dead letter again: same webhook id and body, a fresh retry budget",
  request: { params: WebhookIdParamSchema },
  responses: {
    202: { description: "Queued; the sweeper sends it", content: { "application/json": { schema: z.object({ webhookId: z.string(), status: z.literal("queued") }) } } },
    404: { description: "No such dead letter (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "Already replayed, or already queued again", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerReplayDeadLetter(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const replayed = await replayDeadLetter(deps.platform.db, caller, c.req.valid("param").webhookId, deps.platform.now());
    if (!replayed.ok) return c.json(errorBody(replayed.error.code, replayed.error.message), statusOfCode(replayed.error.code) as 404 | 409);
    deps.sweeper.nudge();
    return c.json(replayed.value, 202);
  });
}
