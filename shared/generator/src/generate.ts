import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BAD_KINDS, spoil, type BadKind } from "./bad-claims.ts";
import type { CaseMix } from "./case-template.ts";
import { loadChsCaseMix } from "./chs-casemix.ts";
import { createClaimFactory, type MadeClaim } from "./claim-factory.ts";
import { CLAIM_CSV_HEADER, claimRowToCsv, type ClaimRow } from "./claim-row.ts";
import { isoDay, periodDays } from "./dates.ts";
import { loadDemoCaseMix } from "./demo-casemix.ts";
import { createFileSink, type FileSink } from "./file-sink.ts";
import type { Hospital } from "@casemix/pricing";
import { chooseHospitals, loadHospitalPool, registerPool, type SendingHospital } from "./hospitals.ts";
import { emptyStates, HOW_PREDICTED, type FileEntry, type HospitalEntry, type Manifest, type RowKind, type StateCounts, type TerminalState } from "./manifest.ts";
import { GenerateOptionsSchema, type GenerateOptions, type ResolvedOptions } from "./options.ts";
import { cumulative, pickWeighted, createRandom, type Random } from "./random.ts";

export type GenerateError = { code: "E_OPTIONS" | "E_DEFINITION" | "E_REGISTER"; message: string };
export type GenerateResult = { ok: true; manifest: Manifest; manifestPath: string } | { ok: false; error: GenerateError };
export type GenerateHooks = {
  onProgress?: (rowsDone: number) => void;
  /**
   * The register to send from, e.g. the one in force in the database the batch goes to (`casemix
   * start`): without it the generator reads the demo register from files, which names other hospitals
   * once ../shared appears beside a database seeded before (issue 18: 500 of 500 claims rejected).
   */
  register?: { id: string; hospitals: Hospital[] };
};

/** A final row that may still be repeated: bounded per hospital, so memory stays flat at any size. */
type Original = { made: MadeClaim; line: string };
const RING = 64;
/**
 * Once a hospital's ring is full, a new final row takes a slot with this chance: repeats still come
 * from the last few hundred rows of the hospital, and most rows die young, which keeps the garbage
 * collector's old generation quiet (measured: remembering every row cost a third of the run in GC).
 */
const REPLACE = 1 / 16;
const BATCH = 8192;

type Sender = { h: SendingHospital; entry: HospitalEntry; file: FileEntry; sink: FileSink; seq: number; ring: Original[] };

/** Loads the case-mix of the chosen definition. */
export function loadCaseMix(definition: "demo" | "chs-drg"): { ok: true; mix: CaseMix } | { ok: false; message: string } {
  return definition === "demo" ? loadDemoCaseMix() : loadChsCaseMix();
}

/**
 * Writes a seeded national batch of claim CSV files and `manifest.json` into `options.out`: rows
 * stream to the files in blocks (memory stays flat), and the same options give byte-identical files.
 *
 * @example
 * const r = await generateBatch({ claims: 100_000, period: "2027-01", seed: 7, out: "/tmp/batch" });
 * if (r.ok) console.log(r.manifest.totals.states); // { final, ungroupable, rejected, duplicate, superseded }
 */
export async function generateBatch(input: GenerateOptions, hooks: GenerateHooks = {}): Promise<GenerateResult> {
  const parsed = GenerateOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, error: { code: "E_OPTIONS", message: `${i.path.join(".") || "options"}: ${i.message}` } };
  }
  const o = parsed.data;
  const mixed = loadCaseMix(o.definition);
  if (!mixed.ok) return { ok: false, error: { code: "E_DEFINITION", message: mixed.message } };
  const pooled = hooks.register ? registerPool(hooks.register) : loadHospitalPool();
  if (!pooled.ok) return { ok: false, error: { code: "E_REGISTER", message: pooled.message } };
  const mix = mixed.mix;
  const rnd = createRandom(o.seed);
  const hospitals = chooseHospitals(pooled.pool, o.hospitals, rnd);
  const period = periodDays(o.period, o.months);
  const factory = createClaimFactory(mix, rnd, period);
  mkdirSync(o.out, { recursive: true });

  const total = emptyStates();
  const kinds: Record<RowKind, number> = { new: 0, "exact-duplicate": 0, correction: 0, "probable-duplicate": 0, bad: 0 };
  const tally = { badByKind: {} as Record<string, number>, rejectedByCode: {} as Record<string, number>, ungroupableByReason: {} as Record<string, number>, shortfall: {} as Record<string, number> };
  const bump = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);
  const senders = openSenders(hospitals, o);
  const count = (s: Sender, state: TerminalState, n = 1) => {
    total[state] += n;
    s.entry.states[state] += n;
    s.file.states[state] += n;
  };
  const emit = (s: Sender, line: string) => {
    s.sink.line(line);
    s.entry.rows++;
    s.file.rows++;
  };
  const countPrediction = (s: Sender, made: MadeClaim) => {
    const p = made.prediction;
    count(s, p.state);
    if (p.state === "rejected") bump(tally.rejectedByCode, p.reason);
    if (p.state === "ungroupable") bump(tally.ungroupableByReason, p.reason);
  };

  const badKinds = (Object.keys(BAD_KINDS) as BadKind[]).filter((k) => k !== "bad-code" || mix.badCode !== null);
  const prefix = `C${o.period.replace("-", "")}-`;
  const cuts = [o.bad, o.duplicates, o.corrections, o.probableDuplicates].map(((sum) => (r: number) => (sum += r))(0));
  const hospitalCum = cumulative(hospitals.map((h) => h.share));
  let patients = 0;
  const fresh = (s: Sender): MadeClaim => factory.make(s.h.code, `${prefix}${String(++s.seq).padStart(7, "0")}`, `MRN${String(++patients).padStart(10, "0")}`);

  for (let i = 0; i < o.claims; i++) {
    if (i % BATCH === 0 && i > 0) {
      await Promise.all(senders.unique.map((s) => s.sink.ready()));
      hooks.onProgress?.(i);
    }
    const r = rnd.next();
    const s = senders.byIndex[pickWeighted(rnd, hospitalCum)];
    let kind: RowKind = r < cuts[0] ? "bad" : r < cuts[1] ? "exact-duplicate" : r < cuts[2] ? "correction" : r < cuts[3] ? "probable-duplicate" : "new";
    if (kind !== "new" && kind !== "bad" && s.ring.length === 0) {
      bump(tally.shortfall, kind);
      kind = "new";
    }
    kinds[kind]++;
    if (kind === "new") {
      const made = fresh(s);
      const line = claimRowToCsv(made.row);
      emit(s, line);
      countPrediction(s, made);
      if (made.prediction.state === "final" && (s.ring.length < RING || rnd.chance(REPLACE))) remember(s, { made, line }, rnd.int(RING));
    } else if (kind === "bad") {
      const badKind = badKinds[rnd.int(badKinds.length)];
      const spoiled = spoil(fresh(s), badKind, rnd, mix.badCode);
      emit(s, claimRowToCsv(spoiled.row));
      count(s, "rejected");
      bump(tally.badByKind, badKind);
      // Intake ties a per-hospital file to its hospital's batch and refuses a row of another hospital
      // (E_HOSPITAL_MISMATCH) before validate could look the code up in the register.
      bump(tally.rejectedByCode, badKind === "unknown-hospital" && o.split === "hospital" ? "E_HOSPITAL_MISMATCH" : spoiled.code);
    } else {
      const at = rnd.int(s.ring.length);
      const original = s.ring[at];
      s.ring[at] = s.ring[s.ring.length - 1];
      s.ring.pop();
      if (kind === "exact-duplicate") {
        emit(s, original.line);
        count(s, "duplicate");
      } else if (kind === "correction") {
        const made = correct(original);
        emit(s, claimRowToCsv(made.row));
        count(s, "final", -1);
        count(s, "superseded");
        countPrediction(s, made);
      } else {
        const made = probableDuplicate(original, `${prefix}${String(++s.seq).padStart(7, "0")}`);
        emit(s, claimRowToCsv(made.row));
        countPrediction(s, made);
      }
    }
  }

  /** A corrected resubmission: charges changed by RM 10 to RM 910, and half the time the last secondary diagnosis coded off. */
  function correct(original: Original): MadeClaim {
    const { made } = original;
    const secondaries = made.facts.secondaries.length > 0 && rnd.chance(0.5) ? made.facts.secondaries.slice(0, -1) : made.facts.secondaries;
    const facts = { ...made.facts, secondaries };
    const row: ClaimRow = { ...made.row, secondaryDiagnoses: secondaries, totalCharges: shiftCharges(made.row.totalCharges, rnd) };
    return { ...made, row, facts, prediction: factory.predict(facts) };
  }

  /** The same stay sent again under a new claim number: same patient and admission day, maybe a day longer. */
  function probableDuplicate(original: Original, claimNumber: string): MadeClaim {
    const { made } = original;
    const longer = made.dischargeDay < period.last && rnd.chance(0.5) ? 1 : 0;
    const facts = { ...made.facts, los: made.facts.los + longer };
    const row: ClaimRow = { ...made.row, claimNumber, dischargeDate: isoDay(made.dischargeDay + longer), totalCharges: shiftCharges(made.row.totalCharges, rnd) };
    return { ...made, row, facts, dischargeDay: made.dischargeDay + longer, prediction: factory.predict(facts) };
  }

  const files: FileEntry[] = [];
  for (const s of senders.unique) {
    const { bytes, sha256 } = await s.sink.close();
    s.file.bytes = bytes;
    s.file.sha256 = sha256;
    files.push(s.file);
  }
  hooks.onProgress?.(o.claims);
  const manifest: Manifest = {
    generator: "@casemix/generator",
    formatVersion: 1,
    seed: o.seed,
    // The output folder is left out: the same batch written elsewhere has the same manifest.
    options: { ...o, out: undefined },
    definition: mix.definition,
    register: { id: pooled.pool.registerId, from: pooled.pool.from },
    period: { first: isoDay(period.first), last: isoDay(period.last), months: o.months },
    validateOnOrAfter: isoDay(period.last),
    totals: {
      rows: o.claims, states: total, kinds, ...tally,
      flaggedProbableDuplicates: kinds["probable-duplicate"],
      redrawn: Object.fromEntries([...factory.redrawn].sort()),
    },
    hospitals: senders.byIndex.map((s) => s.entry),
    files,
    howStatesArePredicted: HOW_PREDICTED,
  };
  const manifestPath = join(o.out, "manifest.json");
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ok: true, manifest, manifestPath };
}

function remember(s: Sender, original: Original, slot: number): void {
  if (s.ring.length < RING) s.ring.push(original);
  else s.ring[slot] = original;
}

/**
 * Charges near the original's, never equal to them (a correction fixes a line item; it does not
 * reprice the stay): up or down by RM 10.00 to RM 909.99, never below RM 150.
 */
function shiftCharges(before: string, rnd: Random): string {
  const [whole, fraction = "0"] = before.split(".");
  const sen = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  const step = 1_000 + rnd.int(90_000);
  const after = sen - step >= 15_000 && rnd.chance(0.5) ? sen - step : sen + step;
  return `${Math.floor(after / 100)}.${String(after % 100).padStart(2, "0")}`;
}

function openSenders(hospitals: SendingHospital[], o: ResolvedOptions): { byIndex: Sender[]; unique: Sender[] } {
  const fileEntry = (name: string): FileEntry => ({ name, rows: 0, bytes: 0, sha256: "", states: emptyStates() });
  const national = o.split === "national" ? { file: fileEntry("claims.csv"), sink: createFileSink(join(o.out, "claims.csv")) } : null;
  if (national) national.sink.line(CLAIM_CSV_HEADER);
  const byIndex = hospitals.map((h): Sender => {
    const entry: HospitalEntry = { code: h.code, name: h.name, state: h.state, hospitalClass: h.hospitalClass, beds: h.beds, share: Number(h.share.toFixed(6)), rows: 0, states: emptyStates() };
    if (national) return { h, entry, file: national.file, sink: national.sink, seq: 0, ring: [] };
    const sink = createFileSink(join(o.out, `${h.code}.csv`));
    sink.line(CLAIM_CSV_HEADER);
    return { h, entry, file: fileEntry(`${h.code}.csv`), sink, seq: 0, ring: [] };
  });
  return { byIndex, unique: national ? [byIndex[0]] : byIndex };
}


export type { StateCounts };
