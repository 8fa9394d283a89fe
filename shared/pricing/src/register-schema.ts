import { z } from "zod";
import { DateSchema, HospitalClassSchema } from "./tariff-schema.ts";

/** A hospital in the register: who it is, its class and region (which pick its base rate), and when. */
export const HospitalSchema = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, "upper-case letters, digits and hyphens"),
  name: z.string().min(1),
  hospitalClass: HospitalClassSchema,
  /** The state or federal territory, spelt as in the MOH data (e.g. "W.P. Kuala Lumpur"). */
  region: z.string().min(1),
  effectiveFrom: DateSchema,
  /** Inclusive; null means open-ended. */
  effectiveTo: DateSchema.nullable(),
});
export type Hospital = z.infer<typeof HospitalSchema>;

/** One immutable version of the hospital register. */
export const HospitalRegisterSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, dots and hyphens"),
  version: z.int().min(1),
  effectiveFrom: DateSchema,
  effectiveTo: DateSchema.nullable(),
  source: z.string().optional(),
  hospitals: z.array(HospitalSchema),
});
export type HospitalRegister = z.infer<typeof HospitalRegisterSchema>;
