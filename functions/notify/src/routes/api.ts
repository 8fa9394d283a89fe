import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize } from "@casemix/auth";
import { createJwksHandler } from "@casemix/webhooks";
import type { NotifyDeps } from "../wiring.ts";
import type { NotifyVariables } from "./context.ts";
import { registerListDeadLetters } from "./dead-letters/list.ts";
import { registerReplayDeadLetter } from "./dead-letters/replay.ts";
import { registerListKeys } from "./keys/list.ts";
import { registerPostKey } from "./keys/post.ts";
import { registerKeyTransitions } from "./keys/transition.ts";
import { registerDeleteSubscription } from "./subscriptions/delete.ts";
import { registerEnableSubscription } from "./subscriptions/enable.ts";
import { registerGetSubscription } from "./subscriptions/get.ts";
import { registerListSubscriptions } from "./subscriptions/list.ts";
import { registerPatchSubscription } from "./subscriptions/patch.ts";
import { registerPostSubscription } from "./subscriptions/post.ts";
import { webhooksSection } from "./webhooks-section.ts";

/** Where receivers fetch the Ed25519 public keys that verify `v1a` signatures (no token needed). */
export const JWKS_PATH = "/.well-known/webhooks/jwks.json";

/**
 * notify's REST API (OpenAPI 3.1 at /v1/openapi/webhooks.json): subscriptions and dead letters,
 * behind a bearer token (a hospital token manages only its own; an admin token is an operator),
 * and the public JWKS of the signing keys.
 */
export function createNotifyApi(deps: NotifyDeps): OpenAPIHono<{ Variables: NotifyVariables }> {
  const app = new OpenAPIHono<{ Variables: NotifyVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  const auth = authorize(deps.platform.verifier);
  for (const path of ["/v1/webhooks/subscriptions", "/v1/webhooks/subscriptions/*", "/v1/webhooks/dead-letters", "/v1/webhooks/dead-letters/*", "/v1/webhooks/keys", "/v1/webhooks/keys/*"]) {
    app.use(path, auth);
  }
  registerPostSubscription(app, deps);
  registerListSubscriptions(app, deps);
  registerGetSubscription(app, deps);
  registerPatchSubscription(app, deps);
  registerDeleteSubscription(app, deps);
  registerEnableSubscription(app, deps);
  registerListDeadLetters(app, deps);
  registerReplayDeadLetter(app, deps);
  registerListKeys(app, deps);
  registerPostKey(app, deps);
  registerKeyTransitions(app, deps);
  const jwks = createJwksHandler(deps.keyring);
  app.get(JWKS_PATH, (c) => jwks(c.req.raw));
  serveApiDocument(app, "webhooks", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }), { webhooks: webhooksSection });
  return app;
}
