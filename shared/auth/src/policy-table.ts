import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";
import { compilePolicy, type ActionDefinition, type Grant, type RoleDefinition, type Tenancy } from "./policy.ts";

/**
 * The roles (README "APIs"), named as the identity provider's realm roles are (scripts/keycloak/
 * casemix-realm.json). `hospital` and `ministry` are the broad roles of systems (a hospital's HIS, the
 * ministry's automation); the people's roles of issue 17 point 2 (hospital coder, hospital finance,
 * MOH reviewer) are narrower rows of their own.
 */
const ROLES: RoleDefinition[] = [
  { role: "hospital", summary: "a hospital's staff; the token's hospital claim names the hospital, and only its own data is theirs" },
  { role: "hospital-coder", summary: "a hospital's clinical coder: submits its claims and batches, groups, sees its outlier flags" },
  { role: "hospital-finance", summary: "a hospital's finance officer: its batch results, figures and payment notifications" },
  { role: "moh-reviewer", summary: "a Ministry of Health reviewer: decides outlier reviews, reads national and hospital figures" },
  { role: "ministry", summary: "the Ministry of Health: national figures, claims for any hospital, SFTP pulls" },
  { role: "finance", summary: "payment: month-end close, runs and national figures" },
  { role: "auditor", summary: "reads runs and figures nationally and decides outlier reviews" },
  { role: "admin", summary: "operators: configuration, baselines, webhooks of MyGDX, every read" },
];

const op = (action: string, method: string, path: string, summary: string): ActionDefinition => ({ action, summary, route: { method, path } });
const open = (action: string, method: string, path: string, summary: string): ActionDefinition => ({ ...op(action, method, path, summary), public: true });

/** The web application's pages and forms: [action, method, path, summary]. */
const WEB_PAGES: [string, string, string, string][] = [
  ["assets", "GET", "/app/assets/:name", "the application's script and style sheet"],
  ["sign-in", "GET", "/app/sign-in", "start signing in at the OIDC issuer (authorization code + PKCE)"],
  ["callback", "GET", "/app/callback", "the issuer's redirect back after sign-in"],
  ["sign-out", "POST", "/app/sign-out", "end the session"],
  ["language", "POST", "/app/language", "choose English or Bahasa Malaysia"],
  ["home", "GET", "/app", "the first page of the signed-in person"],
  ["batches", "GET", "/app/batches", "batch list and file submission form"],
  ["batches.submit", "POST", "/app/batches", "submit a claim file (batches.submit)"],
  ["batch", "GET", "/app/batches/:batchId", "a batch: progress, claims by state, rejections"],
  ["batch.progress", "GET", "/app/batches/:batchId/progress", "a batch's live progress block"],
  ["batch.result", "GET", "/app/batches/:batchId/result.csv", "a batch's result file (batches.result)"],
  ["claim", "GET", "/app/claims/:claimId", "a claim: versions, grouping trace, price formula, flags"],
  ["reviews", "GET", "/app/reviews", "the outlier review queue"],
  ["reviews.decide", "POST", "/app/reviews/:claimId/:version", "accept or reject a flagged claim (outlier-reviews.accept/reject)"],
  ["decisions", "GET", "/app/decisions", "the decision log"],
  ["periods", "GET", "/app/periods", "the periods"],
  ["period", "GET", "/app/periods/:period", "a period: status, runs, reports"],
  ["period.close", "POST", "/app/periods/:period/close", "close a period (periods.close)"],
  ["period.report", "GET", "/app/periods/:period/:file{report\\.(pdf|csv)}", "a period report file (reports.file)"],
  ["appeals", "GET", "/app/appeals", "appeals: a hospital's own or every hospital's, by state (appeals.list)"],
  ["appeals.file", "POST", "/app/appeals", "dispute a claim's result from its page (appeals.file)"],
  ["appeal", "GET", "/app/appeals/:appealId", "an appeal: moves, evidence, result before and after, its forms (appeals.read)"],
  ["appeal.evidence", "POST", "/app/appeals/:appealId/evidence", "upload an evidence file (appeals.evidence.add)"],
  ["appeal.evidence.read", "GET", "/app/appeals/:appealId/evidence/:evidenceId", "download an evidence file (appeals.evidence.read)"],
  ["appeal.review", "POST", "/app/appeals/:appealId/review", "take an appeal under review (appeals.review)"],
  ["appeal.withdraw", "POST", "/app/appeals/:appealId/withdraw", "withdraw an appeal (appeals.withdraw)"],
  ["appeal.close", "POST", "/app/appeals/:appealId/close", "close an applied appeal (appeals.close)"],
  ["appeal.decide", "POST", "/app/appeals/:appealId/decide", "decide an appeal: upheld, overturned or partly with its coding (appeals.decide)"],
];

/** One action per REST operation every function registers (Hono path syntax). */
const ACTIONS: ActionDefinition[] = [
  // intake
  op("claims.submit", "POST", "/v1/claims", "submit one claim"),
  op("batches.submit", "POST", "/v1/batches", "submit a batch file"),
  op("claims.read", "GET", "/v1/claims/:claimId", "a claim: versions, grouping trace, prices, outlier flags"),
  op("batches.list", "GET", "/v1/batches", "batches, newest first, a page at a time"),
  op("batches.read", "GET", "/v1/batches/:batchId", "a batch's status"),
  op("batches.claims", "GET", "/v1/batches/:batchId/claims", "a batch's claims with their states and reasons"),
  op("batches.result", "GET", "/v1/batches/:batchId/result.csv", "a batch's result file"),
  op("batches.reprocess", "POST", "/v1/batches/:batchId/reprocess", "run a batch again from its raw file"),
  op("sftp.pull", "POST", "/v1/sftp/pull", "pull the SFTP drop folder now"),
  // group
  op("group.claim", "POST", "/v1/group", "group one claim with its trace (stores nothing)"),
  // admin-config
  op("config.import", "POST", "/v1/config/versions", "import a configuration version as a draft"),
  op("config.list", "GET", "/v1/config/versions", "list configuration versions"),
  op("config.read", "GET", "/v1/config/versions/:id", "one configuration version"),
  op("config.publish", "POST", "/v1/config/versions/:id/publish", "publish a configuration version"),
  // price and scheduler: month-end
  op("runs.read", "GET", "/v1/runs/:runId", "a payment run's progress and totals"),
  op("periods.list", "GET", "/v1/periods", "periods with a status, newest first"),
  op("periods.read", "GET", "/v1/periods/:period", "a period's status and runs"),
  op("periods.close", "POST", "/v1/periods/:period/close", "close or re-close a payment period"),
  // flag-outlier
  op("outlier-reviews.list", "GET", "/v1/outlier-reviews", "the outlier review queue"),
  op("outlier-reviews.accept", "POST", "/v1/outlier-reviews/:claimId/:version/accept", "accept a flagged claim"),
  op("outlier-reviews.reject", "POST", "/v1/outlier-reviews/:claimId/:version/reject", "reject a flagged claim's payment"),
  op("outlier-baselines.freeze", "POST", "/v1/outlier-baselines", "freeze an outlier baseline"),
  // report
  op("reports.period", "GET", "/v1/reports/:period", "a period's national figures"),
  op("reports.breakdown", "GET", "/v1/reports/:period/:breakdown", "every hospital's, MDC's or DRG's figures"),
  op("reports.file", "GET", "/v1/reports/:period/files/:format", "the period report file"),
  op("reports.download", "GET", "/v1/report-files/:reportId", "one published report file, by its id"),
  op("reports.mdc", "GET", "/v1/reports/:period/mdcs/:mdc", "an MDC's national figures"),
  op("reports.drg", "GET", "/v1/reports/:period/drgs/:drg", "a DRG's national figures"),
  op("reports.hospital", "GET", "/v1/reports/:period/hospitals/:hospitalCode", "a hospital's figures"),
  op("reports.hospital-mdc", "GET", "/v1/reports/:period/hospitals/:hospitalCode/mdcs/:mdc", "a hospital's figures for one MDC"),
  op("reports.hospital-drg", "GET", "/v1/reports/:period/hospitals/:hospitalCode/drgs/:drg", "a hospital's figures for one DRG"),
  op("reports.hospital-claims", "GET", "/v1/reports/:period/hospitals/:hospitalCode/claims.parquet", "a hospital's priced claims of the period as parquet"),
  // notify
  op("webhooks.subscriptions.create", "POST", "/v1/webhooks/subscriptions", "subscribe an endpoint"),
  op("webhooks.subscriptions.list", "GET", "/v1/webhooks/subscriptions", "list subscriptions"),
  op("webhooks.subscriptions.read", "GET", "/v1/webhooks/subscriptions/:id", "one subscription"),
  op("webhooks.subscriptions.update", "PATCH", "/v1/webhooks/subscriptions/:id", "change a subscription"),
  op("webhooks.subscriptions.delete", "DELETE", "/v1/webhooks/subscriptions/:id", "remove a subscription"),
  op("webhooks.subscriptions.enable", "POST", "/v1/webhooks/subscriptions/:id/enable", "enable a disabled subscription"),
  op("webhooks.dead-letters.list", "GET", "/v1/webhooks/dead-letters", "deliveries that gave up"),
  op("webhooks.dead-letters.replay", "POST", "/v1/webhooks/dead-letters/:webhookId/replay", "send a dead letter again"),
  // signing keys: operators only (not `webhooks.*`, which hospitals hold for their own subscriptions)
  op("webhook-keys.list", "GET", "/v1/webhooks/keys", "list the webhook signing keys and their states"),
  op("webhook-keys.add", "POST", "/v1/webhooks/keys", "add a webhook signing key"),
  op("webhook-keys.activate", "POST", "/v1/webhooks/keys/:id/activate", "activate a webhook signing key"),
  op("webhook-keys.retire", "POST", "/v1/webhooks/keys/:id/retire", "retire a webhook signing key with an overlap"),
  op("webhook-keys.revoke", "POST", "/v1/webhooks/keys/:id/revoke", "revoke a webhook signing key"),
  // appeals
  op("appeals.file", "POST", "/v1/appeals", "file an appeal on a claim version"),
  op("appeals.list", "GET", "/v1/appeals", "list appeals"),
  op("appeals.read", "GET", "/v1/appeals/:appealId", "one appeal with its moves and evidence"),
  op("appeals.withdraw", "POST", "/v1/appeals/:appealId/withdraw", "withdraw an appeal before its decision"),
  op("appeals.evidence.add", "POST", "/v1/appeals/:appealId/evidence", "add an evidence file to an appeal (type, size and virus checked)"),
  op("appeals.evidence.read", "GET", "/v1/appeals/:appealId/evidence/:evidenceId", "download an appeal's evidence file"),
  op("appeals.review", "POST", "/v1/appeals/:appealId/review", "take an appeal under review"),
  op("appeals.decide", "POST", "/v1/appeals/:appealId/decide", "decide an appeal (upheld, overturned, partly)"),
  op("appeals.close", "POST", "/v1/appeals/:appealId/close", "close an applied appeal"),
  // No token: probes, API documents and the webhook verification keys. The broker's deliveries
  // (`POST /`) and the dead-letter reader's (`POST /dead-letters` of flag-outlier, shared/runtime
  // dead-letter-ingress.ts) are not REST operations: they are served only off the public port and
  // checked with event tokens instead (shared/runtime event-auth.ts, issue 17 point 1), so no user
  // token is ever enough, and a row here would open them to one.
  open("probe.health", "GET", "/healthz", "liveness probe"),
  open("probe.ready", "GET", "/readyz", "readiness probe"),
  // Public like the probes (README "Metrics"): Knative gives a Service one port, so there is no
  // internal port to hide it on, and its labels hold no claim, batch, hospital or person.
  open("probe.metrics", "GET", "/metrics", "Prometheus metrics of the process"),
  open("docs.ui", "GET", "/docs", "the browsable API docs"),
  open("docs.ui-assets", "GET", "/docs/assets/:name", "the API docs' scripts and styles"),
  // One per served OpenAPI document (events api-documents.ts), all under one path pattern.
  ...API_DOCUMENTS.map((d) => open(`docs.${d.name}`, "GET", apiDocumentPath(d.name), `the OpenAPI document of ${d.title}`)),
  open("webhooks.jwks", "GET", "/.well-known/webhooks/jwks.json", "public keys that verify webhook signatures"),
  // The web application (functions/web): no bearer token reaches it. Its pages need a sign-in session
  // (a sealed cookie; without one, a redirect to sign in) and call the APIs above with the person's own
  // token, so these rows grant nothing: what a page shows or changes is decided by the API it calls.
  ...WEB_PAGES.map(([action, method, path, summary]) => open(`web.${action}`, method, path, summary)),
];

const grant = (role: string, tenancy: Tenancy, actions: readonly string[]): Grant[] => actions.map((action) => ({ action, role, tenancy }));

/** Reading batches and claims (the web application's batch and claim pages). */
const CLAIM_READS = ["batches.list", "batches.claims", "claims.read"];
const INTAKE = ["claims.submit", "batches.submit", "batches.read", "batches.result", "batches.reprocess", ...CLAIM_READS];
const WEBHOOKS = ACTIONS.filter((a) => a.action.startsWith("webhooks.") && !a.public).map((a) => a.action);
const NATIONAL_REPORTS = ["reports.period", "reports.breakdown", "reports.file", "reports.download", "reports.mdc", "reports.drg"];
const HOSPITAL_REPORTS = ["reports.hospital", "reports.hospital-mdc", "reports.hospital-drg", "reports.hospital-claims"];
const RUN_READS = ["runs.read", "periods.list", "periods.read"];
const REVIEW_DECISIONS = ["outlier-reviews.accept", "outlier-reviews.reject"];
const CONFIG = ["config.import", "config.list", "config.read", "config.publish"];
/** A hospital's side of its own appeals: file, follow, add evidence, withdraw before a decision, close once applied. */
const APPEALS_HOSPITAL = ["appeals.file", "appeals.list", "appeals.read", "appeals.withdraw", "appeals.evidence.add", "appeals.evidence.read", "appeals.close"];
/** The ministry's side: every hospital's appeals, their evidence, review and decision. */
const APPEALS_REVIEW = ["appeals.list", "appeals.read", "appeals.evidence.read", "appeals.review", "appeals.decide", "appeals.close"];
const WEBHOOK_KEYS = ACTIONS.filter((a) => a.action.startsWith("webhook-keys.")).map((a) => a.action);

/**
 * Who may do what. `own` rows need a token with a hospital claim and concern that hospital only;
 * `system` rows need a token without one. No role is granted `other` today: no one acts for a
 * hospital that is not theirs while holding a hospital claim.
 */
const GRANTS: Grant[] = [
  ...grant("hospital", "own", [...INTAKE, "group.claim", "outlier-reviews.list", ...HOSPITAL_REPORTS, ...WEBHOOKS, ...APPEALS_HOSPITAL]),
  ...grant("hospital-coder", "own", [...INTAKE, "group.claim", "outlier-reviews.list", ...APPEALS_HOSPITAL]),
  ...grant("hospital-finance", "own", ["batches.read", "batches.result", ...CLAIM_READS, "outlier-reviews.list", ...HOSPITAL_REPORTS, ...WEBHOOKS, "appeals.list", "appeals.read"]),
  ...grant("moh-reviewer", "system", ["group.claim", "claims.read", "outlier-reviews.list", ...REVIEW_DECISIONS, ...NATIONAL_REPORTS, ...HOSPITAL_REPORTS, ...APPEALS_REVIEW]),
  ...grant("ministry", "system", [...INTAKE, "sftp.pull", "group.claim", ...RUN_READS, "outlier-reviews.list", ...REVIEW_DECISIONS, ...NATIONAL_REPORTS, ...HOSPITAL_REPORTS, ...APPEALS_REVIEW]),
  ...grant("finance", "system", ["group.claim", "claims.read", ...RUN_READS, "periods.close", "outlier-reviews.list", ...NATIONAL_REPORTS, ...HOSPITAL_REPORTS, "appeals.list", "appeals.read"]),
  ...grant("auditor", "system", ["group.claim", ...CLAIM_READS, ...RUN_READS, "outlier-reviews.list", ...REVIEW_DECISIONS, ...NATIONAL_REPORTS, ...HOSPITAL_REPORTS, "appeals.list", "appeals.read"]),
  ...grant("admin", "system", [
    ...INTAKE, "sftp.pull", "group.claim", ...CONFIG, ...RUN_READS, "periods.close", "outlier-reviews.list", ...REVIEW_DECISIONS, "appeals.list", "appeals.read",
    "outlier-baselines.freeze", ...NATIONAL_REPORTS, ...HOSPITAL_REPORTS, ...WEBHOOKS, ...WEBHOOK_KEYS,
  ]),
];

/** The authorization policy of every function: the one place that says who may do what. */
export const POLICY = compilePolicy({ roles: ROLES, actions: ACTIONS, grants: GRANTS });
