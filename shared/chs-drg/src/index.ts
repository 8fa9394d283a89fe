export { importChsDrg, type ImportOptions } from "./import.ts";
export { parseAdrgText, parseMdcTable, parseTitles, TableParseError, type AdrgText, type MdcTable } from "./parse-tables.ts";
export { MDC_ORDER, REFERENCE_ADDITIONS } from "./semantics.ts";
export { casesCsv, chsDrgDir, hasSharedData, readConformanceCases, type ConformanceCase } from "./conformance-data.ts";
