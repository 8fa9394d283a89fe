import { z } from "zod";

/** ISO calendar date, `YYYY-MM-DD`. */
const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const IdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "must be an id of letters, digits, . _ : -");
const RegexSchema = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a valid regular expression" },
);
const EditLevelSchema = z.enum(["error", "warning", "off"]);

/** `definition.yaml`; conditions (`failWhen`) are checked by parseCondition. */
export const ManifestFileSchema = z.strictObject({
  id: IdSchema,
  version: z.string().min(1),
  name: z.string().min(1),
  effectiveFrom: DateSchema,
  effectiveTo: DateSchema.nullable().default(null),
  illustrative: z.boolean(),
  description: z.string().optional(),
  ungrouped: z.strictObject({ mdc: z.string().min(1), adrg: z.string().min(1), drg: z.string().min(1) }),
  severityLevels: z.array(z.string().min(1)).max(254),
  edits: z
    .strictObject({ unknownDiagnosis: EditLevelSchema, unknownProcedure: EditLevelSchema })
    .default({ unknownDiagnosis: "error", unknownProcedure: "error" }),
  codeSyntax: z
    .strictObject({ diagnosis: RegexSchema.nullable().default(null), procedure: RegexSchema.nullable().default(null) })
    .default({ diagnosis: null, procedure: null }),
  checks: z
    .array(z.strictObject({ id: IdSchema, reason: z.string().regex(/^E_[A-Z0-9_]+$/, "must be a code like E_SEX_MISSING"), message: z.string().min(1), failWhen: z.unknown() }))
    .default([]),
});

/** `rules.yaml`. */
export const RulesFileSchema = z.strictObject({
  mdcs: z.array(z.strictObject({ id: IdSchema, mdc: z.string().min(1), name: z.string(), when: z.unknown() })).min(1),
  adrgs: z.array(
    z.strictObject({
      id: IdSchema,
      adrg: z.string().min(1),
      mdc: z.string().min(1),
      name: z.string(),
      partition: z.enum(["surgical", "procedure", "medical"]),
      when: z.unknown(),
    }),
  ),
});

export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type RulesFile = z.infer<typeof RulesFileSchema>;
