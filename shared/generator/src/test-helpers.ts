import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ageInDays, ageInYears, createCsvParser, csvRowToClaimInput, lengthOfStay, parseClaim, readCsvHeader } from "@casemix/claims";
import { groupClaim, listEdits, type Claim, type CompiledDefinition } from "@casemix/grouper";
import { emptyStates, type Manifest, type StateCounts, type TerminalState } from "./manifest.ts";

/**
 * Test-only: reads generated files back and decides every row's terminal state on its own, from the
 * text alone, the way the pipeline does (claim schema, register and date edits, the definition's
 * edits and grouper, dedupe by hospital and claim number in file order), so a test can hold the
 * manifest against the rows. It shares no code with the generator's own bookkeeping.
 */
export type Replay = {
  total: StateCounts;
  byFile: Map<string, StateCounts>;
  /** Codes of each rejected row, in file order. */
  rejectedCodes: string[][];
  flaggedProbable: number;
  rows: number;
};

type Seen = { line: string; file: string; state: TerminalState; patient: string; adm: string; dis: string };

export function replayBatch(dir: string, manifest: Manifest, def: CompiledDefinition, registerCodes: ReadonlySet<string>): Replay {
  const total = emptyStates();
  const byFile = new Map<string, StateCounts>();
  const rejectedCodes: string[][] = [];
  const claims = new Map<string, Seen>();
  const stays = new Map<string, { claimNumber: string; adm: string; dis: string }[]>();
  let flaggedProbable = 0;
  let rows = 0;
  const add = (file: string, state: TerminalState, n: number) => {
    total[state] += n;
    byFile.get(file)![state] += n;
  };
  for (const f of manifest.files) {
    byFile.set(f.name, emptyStates());
    const text = readFileSync(join(dir, f.name), "utf8");
    const parser = createCsvParser();
    const records = [...parser.push(text), ...parser.end()];
    const header = readCsvHeader(records[0].fields);
    if (!header.ok) throw new Error(header.error.message);
    const lines = text.split("\n");
    for (let i = 1; i < records.length; i++) {
      rows++;
      const { input, errors } = csvRowToClaimInput(records[i].fields, header.layout);
      const parsed = parseClaim(input);
      const codes = [...errors.map((e) => e.code), ...(parsed.ok ? [] : parsed.errors.map((e) => e.code))];
      // Intake: a per-hospital file is that hospital's batch (functions/intake/src/ingest.ts).
      const batchHospital = f.name === "claims.csv" ? null : f.name.slice(0, -4);
      if (parsed.ok && batchHospital && parsed.claim.hospitalCode !== batchHospital) codes.push("E_HOSPITAL_MISMATCH");
      if (parsed.ok && codes.length === 0) codes.push(...edits(parsed.claim, def, registerCodes));
      if (!parsed.ok || codes.length > 0) {
        rejectedCodes.push(codes);
        add(f.name, "rejected", 1);
        continue;
      }
      const c = parsed.claim;
      const key = `${c.hospitalCode}|${c.claimNumber}`;
      const line = lines[records[i].line - 1];
      const before = claims.get(key);
      if (before && before.line === line) {
        add(f.name, "duplicate", 1);
        continue;
      }
      if (before) {
        add(before.file, before.state, -1);
        add(before.file, "superseded", 1);
      }
      const state = group(c, def);
      add(f.name, state, 1);
      claims.set(key, { line, file: f.name, state, patient: c.patientId, adm: c.admissionDate, dis: c.dischargeDate });
      const pkey = `${c.hospitalCode}|${c.patientId}`;
      const earlier = stays.get(pkey) ?? [];
      if (earlier.some((s) => s.claimNumber !== c.claimNumber && ((s.adm < c.dischargeDate && c.admissionDate < s.dis) || s.adm === c.admissionDate))) flaggedProbable++;
      earlier.push({ claimNumber: c.claimNumber, adm: c.admissionDate, dis: c.dischargeDate });
      stays.set(pkey, earlier);
    }
  }
  return { total, byFile, rejectedCodes, flaggedProbable, rows };
}

type Parsed = Extract<ReturnType<typeof parseClaim>, { ok: true }>["claim"];

function toClaim(c: Parsed): Claim {
  const ageDays = ageInDays(c.dateOfBirth, c.admissionDate);
  return {
    sex: c.sex === "U" ? null : c.sex, ageYears: ageInYears(c.dateOfBirth, c.admissionDate), ageDays, birthWeight: c.birthWeightGrams ?? null,
    los: lengthOfStay(c.admissionDate, c.dischargeDate), dischargeStatus: c.dischargeStatus, department: c.department || null,
    principalDx: c.principalDiagnosis, secondaryDx: c.secondaryDiagnoses, procedures: c.procedures.map((p) => p.code),
  };
}

function edits(c: Parsed, def: CompiledDefinition, registerCodes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (!registerCodes.has(c.hospitalCode)) out.push("E_HOSPITAL_UNKNOWN");
  if (lengthOfStay(c.admissionDate, c.dischargeDate) < 0) out.push("E_DATES_ORDER");
  if (out.length > 0) return out;
  const claim = toClaim(c);
  if (c.admissionType === "newborn" && claim.ageDays! > 28) out.push("E_NEWBORN_AGE");
  for (const e of listEdits(def, claim)) if (e.level === "error") out.push(e.code);
  const g = groupClaim(def, claim, { trace: false });
  if (g.status === "check_failed") out.push(g.reason);
  return out;
}

function group(c: Parsed, def: CompiledDefinition): TerminalState {
  return groupClaim(def, toClaim(c), { trace: false }).status === "ungroupable" ? "ungroupable" : "final";
}
