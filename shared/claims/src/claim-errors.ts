import type { z } from "zod";
import { ClaimSubmissionSchema, type ClaimSubmission } from "./claim-schema.ts";
import { printable, textRuleErrors } from "./text-rules.ts";

/** A reason a claim is rejected: a stable code, the field, and a sentence a coder understands. */
export type ClaimError = { code: string; field: string; message: string };

export type ParsedClaim = { ok: true; claim: ClaimSubmission } | { ok: false; errors: ClaimError[] };

const DATE_FIELDS = new Set(["admissionDate", "dischargeDate", "dateOfBirth", "date"]);
const LABELS: Record<string, string> = {
  hospitalCode: "hospital code",
  claimNumber: "claim number",
  patientId: "patient identifier",
  admissionDate: "admission date",
  dischargeDate: "discharge date",
  admissionType: "admission type",
  dischargeStatus: "discharge status",
  sex: "sex",
  dateOfBirth: "date of birth",
  birthWeightGrams: "birth weight (grams)",
  principalDiagnosis: "principal diagnosis",
  secondaryDiagnoses: "secondary diagnoses",
  procedures: "procedures",
  department: "department",
  totalCharges: "total charges",
};

/**
 * Fields whose value is personal data (DESIGN.md: PDPA): an error names the field and the rule it
 * broke, never the value, whatever its type (a wrong-typed identifier was once quoted back and stored).
 */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set(["patientId", "dateOfBirth"]);

/**
 * Parses a claim submission (from JSON, or a CSV row turned into an object) and turns every schema
 * problem into a coded error naming the field, so the hospital can fix the claim. The character
 * rules (text-rules.ts) apply to every string and field name at any depth, whatever the format.
 *
 * @example
 * parseClaim({ hospitalCode: "H1" }) // { ok: false, errors: [{ code: "E_HOSPITAL_CODE_FORMAT", field: "hospitalCode", ... }, ...] }
 */
export function parseClaim(input: unknown): ParsedClaim {
  const textErrors = textRuleErrors(input, label);
  const result = ClaimSubmissionSchema.safeParse(input, { reportInput: true });
  if (result.success && textErrors.length === 0) return { ok: true, claim: result.data };
  const errors = result.success ? [] : result.error.issues.map(toClaimError);
  return { ok: false, errors: [...errors, ...textErrors] };
}

const label = (field: string) => LABELS[field] ?? printable(field);

function toClaimError(issue: z.core.$ZodIssue): ClaimError {
  const path = issue.path.map(String);
  const top = path[0] ?? "";
  const field = printable(path.join("."), 200) || "(claim)";
  const name = label(top);
  const got = "input" in issue && issue.input !== undefined && !PERSONAL_FIELDS.has(top) ? `, got ${preview(issue.input)}` : "";
  // A field that is not there fails whatever rule it has (type, enum, format): it is missing.
  if (issue.code !== "unrecognized_keys" && path.length > 0 && "input" in issue && issue.input === undefined) {
    return { code: "E_REQUIRED", field, message: `${name} is required` };
  }
  switch (issue.code) {
    case "unrecognized_keys":
    {
      const keys = issue.keys.map((k) => printable(k));
      return { code: "E_FIELD_UNKNOWN", field: keys.join(","), message: `unknown field(s) ${keys.join(", ")}: check the spelling against the claim format` };
    }
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return { code: "E_REQUIRED", field, message: `${name} is required` };
      return { code: "E_TYPE", field, message: `${name} must be ${issue.expected}${got}` };
    case "too_small":
      if (issue.origin === "string") return { code: "E_REQUIRED", field, message: `${name} is required` };
      return { code: "E_RANGE", field, message: `${name} must be at least ${String(issue.minimum)}${got}` };
    case "too_big":
      if (issue.origin === "string") return { code: "E_TOO_LONG", field, message: `${name} is longer than ${String(issue.maximum)} characters` };
      if (issue.origin === "array") return { code: "E_TOO_MANY", field, message: `${name} has more than ${String(issue.maximum)} entries` };
      return { code: "E_RANGE", field, message: `${name} must be at most ${String(issue.maximum)}${got}` };
    case "invalid_value": {
      const rule = issue.message.startsWith("Invalid") ? `must be one of ${issue.values.map(String).join(", ")}` : issue.message;
      return { code: "E_VALUE_NOT_ALLOWED", field, message: `${name} ${rule}${got}` };
    }
    case "invalid_format":
      if (DATE_FIELDS.has(path[path.length - 1] ?? "")) return { code: "E_DATE_FORMAT", field, message: `${name} must be a real date written YYYY-MM-DD${got}` };
      if (top === "hospitalCode") return { code: "E_HOSPITAL_CODE_FORMAT", field, message: `${name} ${issue.message}${got}` };
      if (top === "totalCharges") return { code: "E_CHARGES_FORMAT", field, message: `${name} ${issue.message}${got}` };
      return { code: "E_FORMAT", field, message: `${name} ${issue.message}${got}` };
    default:
      return { code: "E_INVALID", field, message: `${name}: ${issue.message}` };
  }
}

/** A non-personal value quoted back, made printable (no control character or lone surrogate reaches a message). */
function preview(value: unknown): string {
  const text = typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return printable(text);
}
