import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, statusOfCode, type NotifyVariables } from "../context.ts";
import { SubscriptionBodySchema, SubscriptionSchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/subscriptions",
  summary: "Subscribe an endpoint (a hospital's own, or MyGDX for an admin) to outcome events",
  request: { body: { required: true, content: { "application/json": { schema: SubscriptionBodySchema } } } },
  responses: {
    201: { description: "The subscription", content: { "application/json": { schema: SubscriptionSchema } } },
    400: { description: "Invalid (field and rule named), or an unknown signing key or credentials", content: { "application/json": { schema: ErrorSchema } } },
    403: { description: "Not this token's hospital, or not allowed to subscribe MyGDX", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostSubscription(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const body = c.req.valid("json");
    // A hospital token may leave out its own code.
    const input = caller.role === "hospital" && body.target === "hospital" && body.hospitalCode === null ? { ...body, hospitalCode: caller.hospitalCode } : body;
    // The policy before anything else: another hospital's endpoint is refused, not checked for keys.
    if (!mayActFor(c.get("principal"), "webhooks.subscriptions.create", input.hospitalCode ?? undefined)) {
      return c.json(errorBody("E_FORBIDDEN", "a hospital can only subscribe its own endpoint to its own events"), 403);
    }
    const unknown = await unusableKey(deps, input.signingKeyIds);
    if (unknown) return c.json(errorBody("E_SUBSCRIPTION_INVALID", `signingKeyIds: ${unknown} is not an active signing key`), 400);
    if (input.auth.kind === "oidc-mtls" && !deps.credentialIds.includes(input.auth.credentialsId)) {
      return c.json(errorBody("E_SUBSCRIPTION_INVALID", `auth.credentialsId: no credentials ${input.auth.credentialsId} are configured`), 400);
    }
    const created = await deps.subscriptions.create(caller, input);
    if (!created.ok) return c.json(errorBody(created.error.code, created.error.message), statusOfCode(created.error.code) as 400 | 403);
    return c.json(created.value, 201);
  });
}

/** The first of `ids` that is not an active signing key, if any. */
export async function unusableKey(deps: NotifyDeps, ids: readonly string[]): Promise<string | undefined> {
  const keys = new Map((await deps.keyring.list()).map((k) => [k.id, k.status]));
  return ids.find((id) => keys.get(id) !== "active");
}
