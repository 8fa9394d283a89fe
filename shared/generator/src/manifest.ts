/** Terminal states a generated row is expected to reach (DESIGN.md "Claims, dates and versions"). */
export const TERMINAL_STATES = ["final", "ungroupable", "rejected", "duplicate", "superseded"] as const;
export type TerminalState = (typeof TERMINAL_STATES)[number];
export type StateCounts = Record<TerminalState, number>;

/** How a row came to be. */
export const ROW_KINDS = ["new", "exact-duplicate", "correction", "probable-duplicate", "bad"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

export const emptyStates = (): StateCounts => ({ final: 0, ungroupable: 0, rejected: 0, duplicate: 0, superseded: 0 });

/** Per sending hospital (the hospital whose file or submission the row is in). */
export type HospitalEntry = {
  code: string;
  name: string;
  state: string;
  hospitalClass: string;
  beds: number | null;
  share: number;
  rows: number;
  states: StateCounts;
};

export type FileEntry = { name: string; rows: number; bytes: number; sha256: string; states: StateCounts };

/**
 * What a run generated: enough for a test of the whole mesh to know, without reading the rows, how
 * many claims must end in each terminal state, per hospital and per file.
 */
export type Manifest = {
  generator: "@casemix/generator";
  formatVersion: 1;
  seed: number;
  options: Record<string, unknown>;
  definition: { id: string; version: string; source: string };
  register: { id: string; from: "facilities-data" | "committed-demo" | "database" };
  period: { first: string; last: string; months: number };
  /** Validate refuses dates after the day it runs: run the batch on or after this day. */
  validateOnOrAfter: string;
  totals: {
    rows: number;
    states: StateCounts;
    kinds: Record<RowKind, number>;
    badByKind: Record<string, number>;
    rejectedByCode: Record<string, number>;
    ungroupableByReason: Record<string, number>;
    /** Probable duplicates go on to a terminal state (counted there) flagged for review. */
    flaggedProbableDuplicates: number;
    /** Kinds asked for but not made for want of an earlier claim to repeat (the first rows of a hospital). */
    shortfall: Record<string, number>;
    /** Draws of well-formed claims that validate would have rejected and that were redrawn, by reason. */
    redrawn: Record<string, number>;
  };
  hospitals: HospitalEntry[];
  files: FileEntry[];
  howStatesArePredicted: string;
};

export const HOW_PREDICTED =
  "Each row's expected state is decided when it is written. Bad rows: rejected with the code of their kind. " +
  "Well-formed rows: the coding and age edits of validate and the definition (listEdits at level error, input checks) and the grouper " +
  "are run on the claim as validate builds it; rejected, ungroupable (grouper status ungroupable) or final. Only final rows are " +
  "repeated: an exact duplicate (same hospital, claim number and content) is duplicate; a correction (same hospital and claim number, " +
  "changed charges or coding) makes the row it corrects superseded and is itself predicted like a new row; a probable duplicate (new claim " +
  "number, same patient, same admission day) is predicted like a new row and counted in flaggedProbableDuplicates. A repeated row follows its " +
  "original in the same hospital's stream, and is never repeated again, so the order within a hospital decides every duplicate.";
