import { ClaimSubmissionSchema, groupingInputFromSubmission } from "@casemix/claims";
import type { Claim } from "@casemix/grouper";
import { GroupRequestSchema } from "../schemas.ts";

/** What a request to group asks for, whichever form it came in. */
export type GroupAsk = { dischargeDate: string; claim: Claim; definitionVersionId?: string };

export type GroupAskResult = { ok: true; ask: GroupAsk } | { ok: false; code: string; message: string };

const SUBMISSION_FIELDS: ReadonlySet<string> = new Set(Object.keys(ClaimSubmissionSchema.shape));
const VERSION_ID = /^cfg_[0-9a-f]{20}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the three forms `POST /v1/group` takes: the engine's claim (`{ dischargeDate, claim }`, as
 * before), a claim as submitted under `submission`, or a claim as submitted as the whole body (the
 * JSON a hospital sends to `POST /v1/claims`). A submitted claim is mapped the way the pipeline maps
 * it (`groupingInputFromSubmission`). Unknown fields are refused by name in every form: they were once
 * ignored, and a submission posted as `claim` answered "principal diagnosis missing".
 */
export function readGroupRequest(body: unknown): GroupAskResult {
  if (!isObject(body)) return { ok: false, code: "E_REQUEST", message: "the body must be a JSON object: { dischargeDate, claim } or a claim as submitted" };
  if ("claim" in body) return readEngineForm(body);
  const { definitionVersionId, ...rest } = body;
  if (definitionVersionId !== undefined && (typeof definitionVersionId !== "string" || !VERSION_ID.test(definitionVersionId))) {
    return { ok: false, code: "E_REQUEST", message: "definitionVersionId: must be a cfg_ version id" };
  }
  let submission: unknown = rest;
  if ("submission" in rest) {
    const extra = Object.keys(rest).filter((k) => k !== "submission");
    if (extra.length > 0) return { ok: false, code: "E_FIELD_UNKNOWN", message: `unknown field(s) ${extra.join(", ")}: the body is { submission, definitionVersionId? }` };
    submission = rest.submission;
  }
  const mapped = groupingInputFromSubmission(submission);
  if (!mapped.ok) {
    const first = mapped.errors[0];
    const all = mapped.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
    return { ok: false, code: first?.code ?? "E_REQUEST", message: all };
  }
  return { ok: true, ask: { dischargeDate: mapped.dischargeDate, claim: mapped.claim, ...(typeof definitionVersionId === "string" ? { definitionVersionId } : {}) } };
}

function readEngineForm(body: Record<string, unknown>): GroupAskResult {
  const parsed = GroupRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, ask: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    const submitted = issue.path[0] === "claim" && issue.keys.some((k) => SUBMISSION_FIELDS.has(k));
    const hint = submitted ? "; these are fields of a claim as submitted: send that claim as the whole body, or as { submission }" : "";
    return { ok: false, code: "E_FIELD_UNKNOWN", message: `${where}unknown field(s) ${issue.keys.join(", ")}${hint}` };
  }
  return { ok: false, code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` };
}
