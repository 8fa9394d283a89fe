import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { WebhookConfigError } from "@casemix/webhooks";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireOperator, type NotifyVariables } from "../context.ts";
import { KeyIdParamSchema, SigningKeySchema } from "./schemas.ts";

/** Default overlap of a retirement: longer than the JWKS cache (5 min) many times over. */
const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

const verbs = {
  activate: "Activate a pending key: it signs deliveries of the subscriptions naming it and enters the JWKS",
  retire: "Retire an active key: it keeps signing and stays in the JWKS until the overlap ends (body `{ overlapSeconds }`, default 1 day)",
  revoke: "Revoke a key at once (compromise): it stops signing, leaves the JWKS and its secret is erased",
} as const;

function routeOf(verb: keyof typeof verbs) {
  return createRoute({
    method: "post",
    path: `/v1/webhooks/keys/{id}/${verb}`,
    summary: verbs[verb],
    // retire's optional body `{ overlapSeconds }` is read by the handler: a declared optional JSON
    // body makes the validator refuse a bodiless call that carries a JSON content type.
    request: { params: KeyIdParamSchema },
    responses: {
      200: { description: "The key after the change", content: { "application/json": { schema: SigningKeySchema } } },
      403: { description: "Not an admin token without a hospital claim", content: { "application/json": { schema: ErrorSchema } } },
      404: { description: "No such key", content: { "application/json": { schema: ErrorSchema } } },
      409: { description: "Not allowed from the key's state (E_KEY_STATE)", content: { "application/json": { schema: ErrorSchema } } },
    },
  });
}

/** POST /v1/webhooks/keys/{id}/activate | retire | revoke. */
export function registerKeyTransitions(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  for (const verb of Object.keys(verbs) as (keyof typeof verbs)[]) {
    app.openapi(routeOf(verb), async (c) => {
      const denied = requireOperator(c);
      if (denied) return denied as never;
      const { id } = c.req.valid("param");
      try {
        if (verb === "retire") {
          const body = (await c.req.json().catch(() => ({}))) as { overlapSeconds?: unknown };
          const overlap = body.overlapSeconds === undefined ? DEFAULT_OVERLAP_SECONDS : Number(body.overlapSeconds);
          if (!Number.isInteger(overlap) || overlap < 0 || overlap > 90 * 86400) return c.json(errorBody("E_REQUEST", "overlapSeconds: an integer from 0 to 7776000"), 400 as never);
          await deps.keyring.retire(id, { overlapMs: overlap * 1000 });
        } else await deps.keyring[verb](id);
      } catch (error) {
        if (error instanceof WebhookConfigError && (error.code === "E_KEY_UNKNOWN" || error.code === "E_KEY_STATE")) {
          return c.json(errorBody(error.code, error.message.replace(/^E_[A-Z_]+: /, "")), error.code === "E_KEY_UNKNOWN" ? 404 : 409);
        }
        throw error;
      }
      deps.platform.log.info(`webhook signing key ${verb}d`, { keyId: id });
      const key = (await deps.keyring.list()).find((k) => k.id === id)!;
      return c.json(key, 200);
    });
  }
}
