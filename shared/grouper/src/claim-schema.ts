import { z } from "zod";
import type { Claim } from "./types.ts";

const code = z.string().trim().max(64);
const count = z.number().finite().nonnegative().nullable().default(null);
const text = z.string().trim().max(64).nullable().default(null).transform((v) => (v === "" ? null : v));

/**
 * A claim as other callers send it (REST, events): absent fields are empty. Parse with
 * `ClaimSchema.safeParse(body)`; the output is the engine's `Claim`.
 */
export const ClaimSchema = z.object({
  caseId: z.string().max(128).optional(),
  sex: text,
  ageYears: count,
  ageDays: count,
  birthWeight: count,
  los: count,
  dischargeStatus: text,
  department: text,
  principalDx: text,
  secondaryDx: z.array(code).max(100).default([]),
  procedures: z.array(code).max(100).default([]),
}) satisfies z.ZodType<Claim, unknown>;
