/**
 * @casemix/grouper: a data-driven DRG engine. Load a definition package (`loadPackage`), compile it
 * once (`compileDefinition`), then group claims (`groupClaim`) and list their clinical edits
 * (`listEdits`). The package format is documented in ../README.md.
 */
export type * from "./types.ts";
export { loadPackage, PACKAGE_FILES, parsePackage } from "./load-package.ts";
export { validatePackage, WRITTEN_LAYOUT, type Locator } from "./validate.ts";
export { formatPackage, writePackage } from "./write-package.ts";
export { compileDefinition, type CompiledDefinition } from "./compile.ts";
export { groupClaim, type GroupOptions } from "./group.ts";
export { listEdits } from "./edits.ts";
export { isEffectiveOn } from "./effective.ts";
export { formatExplanation } from "./explain.ts";
export { ClaimSchema } from "./claim-schema.ts";
export { CLAIM_COLUMNS, claimColumnIndex, claimFromRow, csvField, isRowError, splitCsvLine, type ClaimRowError } from "./claim-csv.ts";
export { demoDefinitionDir } from "./demo.ts";
