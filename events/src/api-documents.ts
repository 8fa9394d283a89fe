/**
 * Every OpenAPI document the mesh serves, one line each: `/docs` offers them all, the authorization
 * policy lets anyone read them, and the tests check that together they list every REST operation the
 * functions register (and nothing else). Adding an API is adding its line here and serving it from its
 * function with `serveApiDocument(app, "<name>", ...)` (@casemix/runtime).
 */
export const API_DOCUMENTS = [
  { name: "intake", function: "intake", title: "Intake: claims and batches", description: "Submit claims one at a time or in batches (CSV, NDJSON, JSON), follow a batch, download its result file, pull the SFTP drop folder." },
  { name: "group", function: "group", title: "Grouping one claim", description: "Group one claim with the published definition in force, with the rule trace (for coders; stores nothing)." },
  { name: "config", function: "admin-config", title: "Configuration versions", description: "Grouping definitions, tariffs and the hospital register as versions: import, publish, list." },
  { name: "month-end", function: "price", title: "Month-end: periods and runs", description: "Close or re-close a payment period, follow its run, read a period's status, what is paid now and every run." },
  { name: "outliers", function: "flag-outlier", title: "Outlier review", description: "The review queue of flagged claims and the outlier baselines." },
  { name: "reports", function: "report", title: "Reports", description: "Casemix figures per period, hospital, MDC and DRG, and the period report files." },
  { name: "appeals", function: "appeals", title: "Appeals", description: "A hospital disputes a claim's result with evidence (type-checked and virus-scanned); the ministry reviews and decides; the decision is applied through the pipeline (a new claim version, an adjustment run for a closed period)." },
  { name: "webhooks", function: "notify", title: "Webhooks", description: "Subscribe endpoints to outcome events, list and replay dead letters, manage signing keys; the payloads sent are under `webhooks`. Receivers verify `v1a` signatures with the public keys at `GET /.well-known/webhooks/jwks.json` (a JSON Web Key Set, no token)." },
] as const;

export type ApiDocumentName = (typeof API_DOCUMENTS)[number]["name"];
export type ApiDocument = (typeof API_DOCUMENTS)[number];

/** Where a document is served: one pattern for all, beside no operation path. */
export const apiDocumentPath = (name: ApiDocumentName): string => `/v1/openapi/${name}.json`;

/** The entry of a document by name. */
export function apiDocument(name: ApiDocumentName): ApiDocument {
  return API_DOCUMENTS.find((d) => d.name === name)!;
}
