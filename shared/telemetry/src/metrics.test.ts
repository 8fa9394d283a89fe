import { describe, expect, it } from "vitest";
import { eventsHandled, exposition, metricNames, readDatabaseGaugesWith } from "./metrics.ts";

describe("the metrics registry", () => {
  it("names every family the SLO rules and the dashboard may use, under the casemix_ prefix or the process defaults", async () => {
    const names = await metricNames();
    for (const n of ["casemix_events_handled_total", "casemix_handler_duration_seconds", "casemix_dead_letters_total", "casemix_outbox_pending",
      "casemix_outbox_oldest_age_seconds", "casemix_batches", "casemix_claims_handled_total", "casemix_webhook_deliveries_total",
      "casemix_http_requests_total", "casemix_http_request_duration_seconds", "casemix_consumer_lag_messages", "process_resident_memory_bytes"]) {
      expect(names).toContain(n);
    }
  });

  it("a scrape reads the database gauges once, and a failing read keeps the scrape answering and counts the failure", async () => {
    let reads = 0;
    readDatabaseGaugesWith(async () => {
      reads++;
      return { outboxPending: 3, outboxOldestAgeSeconds: 12.5, batches: { processing: 2, completed: 7 }, batchOldestProcessingAgeSeconds: 40 };
    });
    eventsHandled.inc({ fn: "group", type: "t", status: "200", duplicate: "false" });
    const { body, contentType } = await exposition();
    expect(reads).toBe(1);
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain("casemix_outbox_pending 3");
    expect(body).toContain("casemix_outbox_oldest_age_seconds 12.5");
    expect(body).toContain('casemix_batches{status="processing"} 2');
    expect(body).toContain('casemix_batches{status="failed"} 0');
    expect(body).toContain('casemix_events_handled_total{fn="group",type="t",status="200",duplicate="false"} 1');
    readDatabaseGaugesWith(async () => { throw new Error("down"); });
    const again = await exposition();
    expect(again.body).toContain("casemix_metrics_collect_errors_total 1");
    expect(again.body).toContain("casemix_outbox_pending 3");
    readDatabaseGaugesWith(undefined);
  });
});
