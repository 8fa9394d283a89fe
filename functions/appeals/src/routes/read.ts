import { createRoute, z } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import { AppealStateSchema, type AppealState } from "@casemix/events";
import { toAppeal, type AppealRow } from "../appeal-row.ts";
import { AppealIdParamSchema, AppealSchema, errorBody, ErrorSchema, EvidenceSchema, TransitionSchema, type AppealsApp, type AppealsDeps } from "./context.ts";

/** A page cursor as the list writes it: `<created_at ISO>|<appeal id>` of the last appeal shown. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|apl_[a-f0-9]{24}$/;

const listRoute = createRoute({
  method: "get",
  path: "/v1/appeals",
  summary: "Appeals, newest first, a page at a time: a hospital's own, or every hospital's for the ministry",
  request: {
    query: z.object({
      state: AppealStateSchema.optional(),
      hospital: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/).optional().openapi({ example: "H10-DEC915" }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      // Checked here, as intake's and flag-outlier's cursors are: a malformed one must answer 400, not reach the SQL cast.
      after: z
        .string()
        .regex(CURSOR, "must be the `next` of the previous page")
        .refine((s) => !Number.isNaN(Date.parse(s.slice(0, s.indexOf("|")))), "must be the `next` of the previous page")
        .optional()
        .openapi({ description: "Keyset cursor: the `next` of the previous page", example: "2027-02-01T00:06:12.000Z|apl_0123456789abcdef01234567" }),
    }),
  },
  responses: {
    200: {
      description: "A page of appeals; `next` is the cursor of the following page (null on the last)",
      content: { "application/json": { schema: z.object({ appeals: z.array(AppealSchema), next: z.string().nullable() }) } },
    },
    403: { description: "Another hospital's appeals", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/appeals/{appealId}",
  summary: "One appeal with every move and its evidence files",
  request: { params: AppealIdParamSchema },
  responses: {
    200: {
      description: "The appeal",
      content: { "application/json": { schema: AppealSchema.extend({ transitions: z.array(TransitionSchema), evidence: z.array(EvidenceSchema) }) } },
    },
    404: { description: "No such appeal of this hospital", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerReads(app: AppealsApp, deps: AppealsDeps): void {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const principal = c.get("principal");
    if (!mayActFor(principal, "appeals.list", q.hospital)) return c.json(errorBody("E_FORBIDDEN_HOSPITAL", "a hospital token lists its own hospital's appeals only", "hospital"), 403);
    const hospital = principal.hospital ?? q.hospital ?? null;
    const [afterAt, afterId] = q.after ? q.after.split("|") : [null, null];
    // Newest first on (created_at, appeal_id), both descending, so the row comparison is the keyset.
    const { rows } = await deps.platform.db.query<AppealRow>(
      `SELECT * FROM appeal WHERE ($1::text IS NULL OR hospital_code = $1) AND ($2::text IS NULL OR state = $2)
         AND ($3::timestamptz IS NULL OR (created_at, appeal_id) < ($3::timestamptz, $4::text))
       ORDER BY created_at DESC, appeal_id DESC LIMIT $5`,
      [hospital, q.state ?? null, afterAt, afterId, q.limit],
    );
    await auditRequest(deps.platform.db, principal, "appeals.list", `appeals/${hospital ?? "*"}`, { ...q, returned: rows.length });
    const last = rows.at(-1);
    const next = rows.length === q.limit && last ? `${new Date(last.created_at).toISOString()}|${last.appeal_id}` : null;
    return c.json({ appeals: rows.map(toAppeal), next }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { appealId } = c.req.valid("param");
    const principal = c.get("principal");
    const db = deps.platform.db;
    const appeal = (await db.query<AppealRow>("SELECT * FROM appeal WHERE appeal_id = $1", [appealId])).rows[0];
    if (!appeal || !mayActFor(principal, "appeals.read", appeal.hospital_code)) return c.json(errorBody("E_APPEAL_NOT_FOUND", `no appeal ${appealId} of this hospital`), 404);
    const [{ rows: moves }, { rows: files }] = await Promise.all([
      db.query<{ seq: number; from_state: string | null; to_state: string; actor: string; at: string }>(
        "SELECT seq, from_state, to_state, actor, at FROM appeal_transition WHERE appeal_id = $1 ORDER BY seq", [appealId],
      ),
      db.query<Record<string, string>>("SELECT * FROM appeal_evidence WHERE appeal_id = $1 ORDER BY created_at, evidence_id", [appealId]),
    ]);
    await auditRequest(db, principal, "appeals.read", appealId, {});
    return c.json({
      ...toAppeal(appeal),
      transitions: moves.map((m) => ({ seq: Number(m.seq), from: m.from_state as AppealState | null, to: m.to_state as AppealState, actor: m.actor, at: new Date(m.at).toISOString() })),
      evidence: files.map((f) => ({
        evidenceId: f.evidence_id, fileName: f.file_name, mediaType: f.media_type, bytes: Number(f.bytes), sha256: f.sha256, scanner: f.scanner,
        uploadedBy: f.uploaded_by, createdAt: new Date(f.created_at).toISOString(),
      })),
    }, 200);
  });
}
