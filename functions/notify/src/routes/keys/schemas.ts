import { z } from "@hono/zod-openapi";

export const KeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64");

export const SigningKeySchema = z
  .object({
    id: z.string(),
    kind: z.enum(["hmac", "ed25519"]),
    status: z.enum(["pending", "active", "retiring", "retired", "revoked"]),
    overlapUntil: z.string().nullable(),
  })
  .openapi("SigningKey");

export const KeyIdParamSchema = z.object({ id: KeyIdSchema.openapi({ param: { name: "id", in: "path" } }) });
