import { createEvent, EventTypes, parseEventData, type CasemixEvent, type PeriodPricedData } from "@casemix/events";
import { invalid, type EventDraft, type FunctionDefinition, type HandlerResult, type Platform } from "@casemix/runtime";
import type { ConfigStore } from "@casemix/config";
import { periodFigures } from "./facts.ts";
import { reportLabels } from "./labels.ts";
import { writePeriodFiles, type PublishedFile } from "./publish.ts";
import { storeFigures } from "./store-figures.ts";

export const FUNCTION_NAME = "report";

/** The cache keys of a period's figures start with this; a new report run deletes them. */
export const figureCachePrefix = (period: string) => `report:v1:${period}:`;

/**
 * Reports a priced period: figures per period, hospital, MDC, DRG, hospital x MDC and hospital x DRG
 * stored for the API; CSV, PDF and curated parquet written to the object store; report.published
 * for each (the PDF as the reply, the others through the outbox). Claims flagged and batches
 * completed are acknowledged: curated files are written per period, when its prices are final.
 */
export function createReport(platform: Platform, config?: ConfigStore): FunctionDefinition {
  return {
    name: FUNCTION_NAME,
    handle: async (event) => {
      if (event.type !== EventTypes.periodPriced) return;
      const parsed = parseEventData(event);
      if (!parsed.ok) throw invalid(parsed.error.code, parsed.error.message, parsed.error.field);
      return reportPeriod(platform, config, event, parsed.data as PeriodPricedData);
    },
  };
}

async function reportPeriod(platform: Platform, config: ConfigStore | undefined, event: CasemixEvent, data: PeriodPricedData): Promise<HandlerResult> {
  const publishedAt = event.time ?? platform.now().toISOString();
  const figures = await periodFigures(platform.db, data.period);
  if (figures.length === 0) throw invalid("E_PERIOD_EMPTY", `no priced claims in period ${data.period} after run ${data.runId}`, "data.period");
  const labels = config ? await reportLabels(config, data.period) : undefined;
  const files = await writePeriodFiles(platform.db, platform.store, { period: data.period, runId: data.runId, generatedAt: publishedAt, figures, labels });
  const announced = files.filter((f) => f.hospitalCode === undefined);
  const events = announced.map((f) => publishedEvent(event, data, f, publishedAt));
  const pdf = events.findIndex((_, i) => announced[i].format === "pdf");
  return {
    reply: events[pdf],
    outbox: events.filter((_, i) => i !== pdf),
    write: async (tx) => {
      await storeFigures(tx, data.period, data.runId, figures);
      await tx.query(
        `INSERT INTO report_file (report_id, period, run_id, kind, format, hospital_code, object_key, sha256, row_count, published_at)
         SELECT f.report_id, $1, $2, f.kind, f.format, f.hospital_code, f.object_key, f.sha256, f.row_count, $3
         FROM jsonb_to_recordset($4::jsonb) AS f(report_id text, kind text, format text, hospital_code text, object_key text, sha256 text, row_count int)
         ON CONFLICT DO NOTHING`,
        [data.period, data.runId, publishedAt, JSON.stringify(files.map((f) => ({ report_id: f.reportId, kind: f.kind, format: f.format, hospital_code: f.hospitalCode ?? null, object_key: f.objectKey, sha256: f.sha256, row_count: f.rowCount ?? null })))],
      );
      // After commit the API must not answer from the old run's cached figures. Deleting inside the
      // transaction's callback is safe: a reader that re-caches before the commit sees old rows for at most the TTL.
      await platform.cache.deletePrefix(figureCachePrefix(data.period));
    },
  };
}

function publishedEvent(input: CasemixEvent, data: PeriodPricedData, f: PublishedFile, publishedAt: string): EventDraft {
  return createEvent({
    type: EventTypes.reportPublished,
    from: FUNCTION_NAME,
    causeId: input.id,
    key: `${f.kind}.${f.format}`,
    traceparent: input.traceparent,
    time: publishedAt,
    data: {
      reportId: f.reportId, kind: f.kind, format: f.format, objectKey: f.objectKey, sha256: f.sha256,
      ...(f.rowCount === undefined ? {} : { rowCount: f.rowCount }), period: data.period, publishedAt,
    },
  }) as EventDraft;
}
