import { z } from "@hono/zod-openapi";
import { ClaimSchema } from "@casemix/grouper";

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string().openapi({ example: "E_CONFIG_NOT_IN_FORCE" }), message: z.string() }) })
  .openapi("Error");

export const GroupRequestSchema = z
  .object({
    /** Picks the definition in force on this date (DESIGN.md "Claims, dates and versions"). */
    dischargeDate: z.iso.date().openapi({ example: "2027-01-15" }),
    /** Groups with this published version instead of the one in force (e.g. to re-check a stored grouping). */
    definitionVersionId: z.string().regex(/^cfg_[0-9a-f]{20}$/, "must be a cfg_ version id").optional(),
    claim: ClaimSchema,
  })
  .openapi("GroupRequest", {
    example: {
      dischargeDate: "2027-01-15",
      claim: { sex: "M", ageYears: 70, los: 4, dischargeStatus: "1", principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"], procedures: [] },
    },
  });

const TraceSchema = z
  .object({
    checksFailed: z.array(z.string()),
    mdcsEntered: z.array(z.string()),
    rulesTried: z.array(z.string()),
    matchedRule: z.string().nullable(),
    severityCodes: z.array(z.object({ code: z.string(), level: z.string() })),
    excludedCodes: z.array(z.object({ code: z.string(), level: z.string(), exclusion: z.string() })),
  })
  .openapi("GroupTrace");

export const GroupResponseSchema = z
  .object({
    definition: z.object({ versionId: z.string(), label: z.string(), illustrative: z.boolean() }),
    result: z.object({
      mdc: z.string(),
      adrg: z.string(),
      drg: z.string(),
      severity: z.string().nullable(),
      status: z.enum(["grouped", "check_failed", "ungroupable"]),
      reason: z.string(),
      trace: TraceSchema,
    }),
    edits: z.array(z.object({ code: z.string(), level: z.enum(["error", "warning"]), field: z.string(), value: z.string(), message: z.string() })),
    /** The readable trace, as `casemix explain` prints it (with `?explain=true`). */
    explanation: z.string().optional(),
  })
  .openapi("GroupResponse");
