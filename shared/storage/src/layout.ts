/**
 * The object store's top-level prefixes: every key the mesh writes starts with one of them. Terraform's
 * lifecycle rules are declared per prefix (terraform/modules/platform), and terraform/check fails when
 * the two lists differ; `layout.test.ts` fails when code writes a key under a prefix missing here.
 *
 * - `raw/`: files as received (the only place with direct patient identifiers; retention applies)
 * - `landing/`: intake's parquet chunks (pseudonymised)
 * - `validate/` ... `flag-outlier/`: each step's result chunks (`<step>/<batch>/<chunk>/<event>.parquet`)
 * - `curated/`: analytics parquet by period and hospital; `exports/`: result files and period reports
 */
export const OBJECT_PREFIXES = [
  "raw",
  "landing",
  "validate",
  "dedupe",
  "group",
  "price",
  "flag-outlier",
  "curated",
  "exports",
] as const;

export type ObjectPrefix = (typeof OBJECT_PREFIXES)[number];
