import type { CompiledDefinition } from "./compile.ts";
import type { Claim, EditFailure } from "./types.ts";

type CodeEditRow = { sex: string | null; ageMin: number | null; ageMax: number | null };

/**
 * Lists the clinical edits a claim fails under a definition: codes of the wrong syntax, unknown
 * codes (at the level the definition sets), codes valid only for one sex or an age range (years).
 * Grouping does not apply these edits; the validate step decides what to reject.
 * @example
 * listEdits(def, claim).filter((e) => e.level === "error"); // reasons to reject the claim
 */
export function listEdits(def: CompiledDefinition, claim: Claim): EditFailure[] {
  const out: EditFailure[] = [];
  const dxLevel = def.manifest.edits.unknownDiagnosis;
  const pxLevel = def.manifest.edits.unknownProcedure;
  const dxCodes: [EditFailure["field"], string][] = [];
  if (claim.principalDx) dxCodes.push(["principalDx", claim.principalDx]);
  for (const c of claim.secondaryDx) dxCodes.push(["secondaryDx", c]);
  for (const [field, code] of dxCodes) {
    const id = def.dxIndex.get(code);
    if (id === undefined && def.dxSyntax && !def.dxSyntax.test(code)) {
      out.push({ code: "E_DX_SYNTAX", level: "error", field, value: code, message: `diagnosis ${code} does not have the definition's diagnosis code syntax` });
      continue;
    }
    if (id === undefined) {
      if (dxLevel !== "off") out.push({ code: "E_DX_UNKNOWN", level: dxLevel, field, value: code, message: `diagnosis ${code} is not in the definition's diagnosis table` });
      continue;
    }
    codeEdits(def.diagnoses[id], "diagnosis", field, code, claim, out);
  }
  for (const code of claim.procedures) {
    const id = def.pxIndex.get(code);
    if (id === undefined && def.pxSyntax && !def.pxSyntax.test(code)) {
      out.push({ code: "E_PX_SYNTAX", level: "error", field: "procedures", value: code, message: `procedure ${code} does not have the definition's procedure code syntax` });
      continue;
    }
    if (id === undefined) {
      if (pxLevel !== "off") out.push({ code: "E_PX_UNKNOWN", level: pxLevel, field: "procedures", value: code, message: `procedure ${code} is not in the definition's procedure table` });
      continue;
    }
    codeEdits(def.procedures[id], "procedure", "procedures", code, claim, out);
  }
  return out;
}

function codeEdits(row: CodeEditRow, kind: string, field: EditFailure["field"], code: string, claim: Claim, out: EditFailure[]): void {
  const prefix = kind === "diagnosis" ? "E_DX" : "E_PX";
  if (row.sex !== null && claim.sex !== null && claim.sex !== row.sex) {
    out.push({ code: `${prefix}_SEX`, level: "error", field, value: code, message: `${kind} ${code} is valid only for sex ${row.sex}, the claim has ${claim.sex}` });
  }
  const age = claim.ageYears;
  if (age === null) return;
  if ((row.ageMin !== null && age < row.ageMin) || (row.ageMax !== null && age > row.ageMax)) {
    const range = `${row.ageMin ?? 0}–${row.ageMax ?? "any"}`;
    out.push({ code: `${prefix}_AGE`, level: "error", field, value: code, message: `${kind} ${code} is valid only for ages ${range} years, the claim has ${age}` });
  }
}
