import { z } from "zod";

const rate = z.number().min(0).max(0.5);

/** Options of one generation run. Rates are shares of all rows written. */
export const GenerateOptionsSchema = z
  .strictObject({
    /** Rows to write in total (every kind included). */
    claims: z.number().int().min(1).max(50_000_000),
    /** First discharge month, `YYYY-MM`. */
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM"),
    /** Discharge months covered, from `period`. */
    months: z.number().int().min(1).max(24).default(1),
    definition: z.enum(["demo", "chs-drg"]).default("demo"),
    /** Sending hospitals, chosen from the register weighted by beds. */
    hospitals: z.number().int().min(1).max(500).default(40),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    duplicates: rate.default(0.01),
    corrections: rate.default(0.005),
    probableDuplicates: rate.default(0.002),
    bad: rate.default(0.01),
    /** One file per hospital (`<code>.csv`) or one national file (`claims.csv`). */
    split: z.enum(["hospital", "national"]).default("hospital"),
    out: z.string().min(1),
  })
  .refine((o) => o.duplicates + o.corrections + o.probableDuplicates + o.bad <= 0.9, { message: "duplicates + corrections + probable duplicates + bad must be at most 0.9", path: ["bad"] });

export type GenerateOptions = z.input<typeof GenerateOptionsSchema>;
export type ResolvedOptions = z.output<typeof GenerateOptionsSchema>;
