import { createRoute, z } from "@hono/zod-openapi";

/**
 * The month-end API as OpenAPI routes: price serves `GET /v1/runs/{runId}` and `GET /v1/periods/{period}`,
 * scheduler `POST /v1/periods/{period}/close`. They are defined here, beside the period rules, so the one
 * month-end document (served by price) lists all three whichever function answers them.
 */
const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "E_PERIOD" }),
      field: z.string().optional().openapi({ example: "period" }),
      message: z.string().openapi({ example: "must be YYYY-MM" }),
    }),
  })
  .openapi("MonthEndError");

const PeriodParamSchema = z.object({
  period: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/).openapi({ param: { name: "period", in: "path" }, description: "A payment period YYYY-MM (by discharge date, Asia/Kuala_Lumpur)", example: "2027-01" }),
});

const RunIdParamSchema = z.object({
  runId: z.string().regex(/^run_[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).openapi({ param: { name: "runId", in: "path" }, example: "run_close_2027-01" }),
});

const sen = (description: string) => z.string().regex(/^-?(0|[1-9][0-9]*)$/).openapi({ description: `${description}, in integer sen as a decimal string`, example: "1234567" });

export const RunStatusSchema = z
  .object({
    runId: z.string().openapi({ example: "run_close_2027-01" }),
    kind: z.string().openapi({ description: "What the run does: close (a period's close or re-close), period-close (a close that changed nothing), adjustment (late claims of a closed period), batch", example: "close" }),
    period: z.string().nullable().openapi({ example: "2027-01" }),
    status: z.string().openapi({ description: "running, completed or failed", example: "completed" }),
    chunksTotal: z.number().int().nullable().openapi({ example: 3 }),
    chunksDone: z.number().int().openapi({ example: 3 }),
    counts: z.record(z.string(), z.number()).openapi({ example: { priced: 25000 } }),
    claimCount: z.number().int().nullable().openapi({ example: 25000 }),
    totalSen: sen("What the run pays").nullable(),
    deltaSen: sen("The difference from what was paid before").nullable(),
    tariffVersionIds: z.array(z.string()).openapi({ example: ["tariff-2027.1"] }),
    sameAs: z.string().nullable().openapi({ description: "On a close that changed nothing: the run whose prices stand", example: null }),
    refusedClaims: z
      .array(
        z.object({
          claimId: z.string().openapi({ example: "clm_0f3a9c" }),
          version: z.number().int().openapi({ example: 1 }),
          hospitalCode: z.string().openapi({ example: "H001" }),
          code: z.string().openapi({ example: "E_VALUE_REFUSED" }),
          message: z.string().openapi({ example: "the database refused a value: the value breaks a check constraint (SQLSTATE 23514)" }),
        }),
      )
      .openapi({
        description: "Claims whose new price the database refused (the rule named, never the value): each keeps the price in force before the run, and the run completes without them. The first 100 by claim id; counts.refused counts them all.",
        example: [],
      }),
    startedAt: z.string().openapi({ format: "date-time", example: "2027-02-01T00:05:00.000Z" }),
    finishedAt: z.string().nullable().openapi({ format: "date-time", example: "2027-02-01T00:06:12.000Z" }),
  })
  .openapi("RunStatus");

export const PeriodViewSchema = z
  .object({
    period: z.string().openapi({ example: "2027-01" }),
    status: z.string().openapi({ description: "open, closing or closed", example: "closed" }),
    closeRunId: z.string().nullable().openapi({ example: "run_close_2027-01" }),
    closedAt: z.string().nullable().openapi({ format: "date-time", example: "2027-02-01T00:06:12.000Z" }),
    currentTotalSen: sen("What is paid now for the period: the current price of each claim discharged in it, summed"),
    currentClaims: z.number().int().openapi({ example: 25000 }),
    runs: z.array(
      z.object({
        runId: z.string().openapi({ example: "run_close_2027-01" }),
        kind: z.string().openapi({ example: "close" }),
        status: z.string().openapi({ example: "completed" }),
        totalSen: sen("What the run pays").nullable(),
        deltaSen: sen("The difference from what was paid before").nullable(),
        createdAt: z.string().openapi({ format: "date-time", example: "2027-02-01T00:05:00.000Z" }),
      }),
    ),
  })
  .openapi("PeriodView");

export const CloseAcceptedSchema = z
  .object({
    period: z.string().openapi({ example: "2027-01" }),
    runId: z.string().openapi({ example: "run_close_2027-01" }),
    eventId: z.string().openapi({ example: "evt_period_closed_2027-01" }),
    status: z.string().openapi({ description: "Where to follow the run", example: "/v1/runs/run_close_2027-01" }),
  })
  .openapi("CloseAccepted");

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const getRunRoute = createRoute({
  method: "get",
  path: "/v1/runs/{runId}",
  summary: "A payment run's progress (chunks done of total) and, once complete, its totals",
  request: { params: RunIdParamSchema },
  responses: {
    200: json(RunStatusSchema, "The run"),
    400: json(ErrorSchema, "The run id is malformed (E_RUN_ID)"),
    404: json(ErrorSchema, "No such run (E_NOT_FOUND); also for a moment after a close answered 202, until price has begun the run"),
  },
});

export const getPeriodRoute = createRoute({
  method: "get",
  path: "/v1/periods/{period}",
  summary: "A period's status, what is paid now and every run, oldest first",
  request: { params: PeriodParamSchema },
  responses: {
    200: json(PeriodViewSchema, "The period"),
    400: json(ErrorSchema, "The period is not YYYY-MM (E_PERIOD)"),
    404: json(ErrorSchema, "No claims or runs for the period yet (E_NOT_FOUND)"),
  },
});

export const closePeriodRoute = createRoute({
  method: "post",
  path: "/v1/periods/{period}/close",
  summary: "Close or re-close a payment period",
  description: "Sends `period.closed`: price reprices the period as a run, followed at `GET /v1/runs/{runId}`. Only a month already over in Asia/Kuala_Lumpur can be closed. A re-close (`reclose: true`) prices the period again under the versions now in force, as a new run beside the old one.",
  request: {
    params: PeriodParamSchema,
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ reclose: z.boolean().optional().openapi({ description: "Close again a period already closed", example: false }) }).strict().openapi("CloseRequest") } },
    },
  },
  responses: {
    202: json(CloseAcceptedSchema, "The close is under way: follow its run"),
    400: json(ErrorSchema, "The period is malformed (E_PERIOD), the body is not JSON (E_BODY_JSON) or has unknown fields (E_BODY)"),
    409: json(ErrorSchema, "The month is not over yet in Asia/Kuala_Lumpur (E_PERIOD_NOT_OVER)"),
  },
});

export const PeriodListSchema = z
  .object({
    periods: z.array(z.object({
      period: z.string().openapi({ example: "2027-01" }),
      status: z.string().openapi({ description: "open, closing or closed", example: "closed" }),
      closedAt: z.string().openapi({ format: "date-time", example: "2027-02-01T00:05:00.000Z" }).nullable(),
    })),
    next: z.string().nullable().openapi({ description: "The `after` of the next page; null on the last", example: "2026-12" }),
  })
  .openapi("PeriodList");

export const listPeriodsRoute = createRoute({
  method: "get",
  path: "/v1/periods",
  summary: "Periods that have a status (closed at least once, or closing), newest first, a page at a time",
  request: {
    query: z.object({
      limit: z.string().optional().openapi({ description: "1-100 (default 24)", example: "24" }),
      after: z.string().optional().openapi({ description: "The `next` of the previous page (YYYY-MM)", example: "2027-01" }),
    }),
  },
  responses: {
    200: json(PeriodListSchema, "A page of periods"),
    400: json(ErrorSchema, "`limit` is not 1-100 (E_LIMIT) or `after` is not YYYY-MM (E_PERIOD)"),
  },
});

/** Every route of the month-end document. */
export const MONTH_END_ROUTES = [listPeriodsRoute, getRunRoute, getPeriodRoute, closePeriodRoute];
