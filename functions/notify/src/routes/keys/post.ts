import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { encodePublicKey, generateEd25519Secret, generateHmacSecret, parseSecret, WebhookConfigError } from "@casemix/webhooks";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireOperator, type NotifyVariables } from "../context.ts";
import { KeyIdSchema, SigningKeySchema } from "./schemas.ts";

const BodySchema = z.object({
  id: KeyIdSchema,
  kind: z.enum(["hmac", "ed25519"]).default("ed25519"),
  /** Given by the operator (e.g. a hospital's agreed HMAC secret); generated when absent. */
  secret: z.string().regex(/^(whsec_|whsk_)/, "must start with whsec_ or whsk_").optional().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
});

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/keys",
  summary: "Add a signing key (pending until activated); an HMAC secret is shown once, here",
  request: { body: { required: true, content: { "application/json": { schema: BodySchema } } } },
  responses: {
    201: {
      description: "The key; `secret` only for HMAC (the receiver needs it), `publicKey` for Ed25519",
      content: { "application/json": { schema: SigningKeySchema.extend({ secret: z.string().optional(), publicKey: z.string().optional() }) } },
    },
    400: { description: "Bad id or secret", content: { "application/json": { schema: ErrorSchema } } },
    403: { description: "Not an admin token without a hospital claim", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "The id is taken (E_KEY_EXISTS)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostKey(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const denied = requireOperator(c);
    if (denied) return denied as never;
    const body = c.req.valid("json");
    const secret = body.secret ?? (body.kind === "hmac" ? generateHmacSecret() : generateEd25519Secret().secret);
    const parsed = parseSecret(secret);
    if (!parsed.ok) return c.json(errorBody("E_KEY_FORMAT", `secret: ${parsed.error.message}`), 400);
    try {
      await deps.keyring.add({ id: body.id, secret, status: "pending" });
    } catch (error) {
      if (error instanceof WebhookConfigError && error.code === "E_KEY_EXISTS") return c.json(errorBody(error.code, `signing key ${body.id} already exists`), 409);
      throw error;
    }
    const material = parsed.value;
    const shown = material.kind === "hmac" ? { secret } : { publicKey: encodePublicKey(material.publicKey) };
    return c.json({ id: body.id, kind: material.kind, status: "pending" as const, overlapUntil: null, ...shown }, 201);
  });
}
