import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string().openapi({ example: "E_CONFIG_INVALID" }), message: z.string(), details: z.unknown().optional() }) })
  .openapi("Error");

export const KindSchema = z.enum(["definition", "tariff", "hospitals"]);

export const VersionSchema = z
  .object({
    id: z.string().openapi({ example: "cfg_5d41402abc4b2a76b971" }),
    kind: z.enum(["definition", "tariff", "hospitals", "codeset"]),
    label: z.string(),
    effectiveFrom: z.string().openapi({ example: "2027-01-01" }),
    effectiveTo: z.string().nullable().openapi({ description: "exclusive; null = open-ended", example: "2028-01-01" }),
    status: z.enum(["draft", "published"]),
    sha256: z.string(),
    source: z.string().nullable(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .openapi("ConfigVersion");

const date = z.iso.date();

export const ImportRequestSchema = z
  .object({
    kind: KindSchema,
    /** Definitions only: our package layout, or the CHS-DRG 1.1 table layout. */
    format: z.enum(["package", "chs-drg"]).default("package"),
    /**
     * File name (relative path) -> text. A definition package: definition.yaml, rules.yaml, diagnoses.tsv,
     * procedures.tsv, lists.tsv, drgs.tsv; CHS-DRG: its table tree; a tariff: tariff.csv, base-rates.csv,
     * drg-weights.csv; a register: register.csv, hospitals.csv.
     */
    files: z.record(z.string().min(1).max(256), z.string()),
    effectiveFrom: date.optional(),
    effectiveTo: date.nullable().optional().openapi({ description: "exclusive end; omitted = the content's own" }),
    label: z.string().min(1).max(128).optional(),
  })
  .openapi("ImportRequest");

export const IdParamSchema = z.object({ id: z.string().regex(/^cfg_[0-9a-f]{20}$/, "must be a cfg_ version id").openapi({ example: "cfg_0a1b2c3d4e5f60718293", param: { name: "id", in: "path" } }) });
