export type * from "./types.ts";
export { compileDefinition, type CompiledDefinition } from "./compile.ts";
export { groupClaim, type GroupOptions } from "./group.ts";
export { CLAIM_COLUMNS, claimColumnIndex, claimFromRow, csvField, isRowError, splitCsvLine, type ClaimRowError } from "./claim-csv.ts";
