/**
 * @casemix/generator: seeded national batches of claims with a manifest of expected terminal states (README.md).
 */
export { generateBatch, loadCaseMix, type GenerateError, type GenerateHooks, type GenerateResult } from "./generate.ts";
export { GenerateOptionsSchema, type GenerateOptions, type ResolvedOptions } from "./options.ts";
export { TERMINAL_STATES, ROW_KINDS, type FileEntry, type HospitalEntry, type Manifest, type RowKind, type StateCounts, type TerminalState } from "./manifest.ts";
export { BAD_KINDS, type BadKind } from "./bad-claims.ts";
export { CLAIM_CSV_HEADER, claimRowToCsv, type ClaimRow } from "./claim-row.ts";
export { createRandom, type Random } from "./random.ts";
export { chooseHospitals, loadHospitalPool, registerPool, type HospitalPool, type SendingHospital } from "./hospitals.ts";
export { predictClaim, type ClaimFacts, type Prediction } from "./predict.ts";
export type { CaseMix, CaseTemplate } from "./case-template.ts";
export { createProgress, type Progress } from "@casemix/progress";
