import { z } from "@hono/zod-openapi";
import { ClaimSubmissionSchema } from "@casemix/claims";
import { ClaimSchema } from "@casemix/grouper";

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string().openapi({ example: "E_CONFIG_NOT_IN_FORCE" }), message: z.string() }) })
  .openapi("Error");

const versionId = z.string().regex(/^cfg_[0-9a-f]{20}$/, "must be a cfg_ version id");

/** The engine's form: the claim as the grouper reads it (unknown fields refused by name). */
export const GroupRequestSchema = z
  .strictObject({
    /** Picks the definition in force on this date (DESIGN.md "Claims, dates and versions"). */
    dischargeDate: z.iso.date().openapi({ example: "2027-01-15" }),
    /** Groups with this published version instead of the one in force (e.g. to re-check a stored grouping). */
    definitionVersionId: versionId.optional(),
    claim: ClaimSchema.strict(),
  })
  .openapi("GroupRequest", {
    example: {
      dischargeDate: "2027-01-15",
      claim: { sex: "M", ageYears: 70, los: 4, dischargeStatus: "1", principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"], procedures: [] },
    },
  });

const submissionExample = {
  hospitalCode: "HKL",
  claimNumber: "HKL-2027-000123",
  patientId: "800101-14-5566",
  admissionDate: "2027-01-11",
  dischargeDate: "2027-01-15",
  admissionType: "emergency",
  dischargeStatus: "1",
  sex: "M",
  dateOfBirth: "1956-06-01",
  principalDiagnosis: "I50.9",
  secondaryDiagnoses: ["I48.9", "N17.9"],
  procedures: [],
  totalCharges: "18450.00",
};

/** A claim as submitted (`POST /v1/claims`), wrapped: `{ submission, definitionVersionId? }`. */
export const SubmissionGroupRequestSchema = z
  .strictObject({ submission: ClaimSubmissionSchema, definitionVersionId: versionId.optional() })
  .openapi("SubmissionGroupRequest", { example: { submission: submissionExample } });

/** A claim as submitted posted as the whole body (optionally naming the definition version). */
export const SubmittedClaimGroupRequestSchema = ClaimSubmissionSchema.extend({ definitionVersionId: versionId.optional() }).openapi("SubmittedClaimGroupRequest", {
  example: submissionExample,
});

/** Every form `POST /v1/group` takes (see routes/group/request.ts). */
export const AnyGroupRequestSchema = z.union([GroupRequestSchema, SubmissionGroupRequestSchema, SubmittedClaimGroupRequestSchema]);

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
    /** The engine's input the claim was read as (a submitted claim mapped as the pipeline maps it: age at admission, stay in days). */
    claim: ClaimSchema,
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
