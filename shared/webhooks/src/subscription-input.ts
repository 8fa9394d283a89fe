import { z } from "zod";
import { webhookError, type Result } from "./errors.ts";
import { ALL_OUTCOME_EVENT_TYPES, type OutcomeEventType } from "./event-types.ts";
import type { Caller, SubscriptionInput } from "./ports.ts";

/** Shape of a subscription as a caller submits it (the API validates with this). */
export const SubscriptionInputSchema = z
  .object({
    target: z.enum(["mygdx", "hospital"]),
    hospitalCode: z.string().min(1).max(50).nullable(),
    url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
    eventTypes: z.array(z.enum(ALL_OUTCOME_EVENT_TYPES as [OutcomeEventType, ...OutcomeEventType[]])).min(1),
    auth: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("none") }),
      z.object({ kind: z.literal("oidc-mtls"), credentialsId: z.string().min(1) }),
    ]),
    signingKeyIds: z.array(z.string().min(1)).min(1, "at least one signing key"),
  })
  .refine((s) => (s.target === "hospital") === (s.hospitalCode !== null), {
    message: "a hospital target needs a hospitalCode; a MyGDX target has none",
    path: ["hospitalCode"],
  })
  .refine((s) => s.target !== "mygdx" || s.auth.kind === "oidc-mtls", {
    message: "MyGDX is reached only with OIDC client credentials over mutual TLS",
    path: ["auth"],
  });

/**
 * Validates a subscription for a caller: the shape, and that a hospital only touches its own
 * (a hospital cannot subscribe to MyGDX or to another hospital's events).
 */
export function validateSubscriptionInput(caller: Caller, input: unknown): Result<SubscriptionInput> {
  const parsed = SubscriptionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: webhookError("E_SUBSCRIPTION_INVALID", `${issue?.path.join(".") || "subscription"}: ${issue?.message}`) };
  }
  if (caller.role === "hospital" && (parsed.data.target !== "hospital" || parsed.data.hospitalCode !== caller.hospitalCode)) {
    return { ok: false, error: webhookError("E_FORBIDDEN", "a hospital can only subscribe its own endpoint to its own events") };
  }
  return { ok: true, value: parsed.data };
}

/** Whether a caller may see a subscription or dead letter of this hospital (null: national). */
export function canSee(caller: Caller, hospitalCode: string | null): boolean {
  return caller.role === "operator" || hospitalCode === caller.hospitalCode;
}
