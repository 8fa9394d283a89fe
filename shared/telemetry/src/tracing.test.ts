import { afterEach, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "../test-support/otlp-receiver.ts";
import { activeSpanIds, activeTraceparent, inSpan, SpanKind, startTracing, tracingEnabled, type Tracing } from "./tracing.ts";

const parent = `00-${"a".repeat(32)}-${"b".repeat(16)}-01`;

describe("tracing", () => {
  let receiver: OtlpReceiver | undefined;
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    await receiver?.close();
    tracing = receiver = undefined;
  });

  it("off, work runs without a span and nothing names a trace", async () => {
    expect(tracingEnabled()).toBe(false);
    const seen = await inSpan("handle", { traceparent: parent }, async (span) => ({ span, ids: activeSpanIds(), tp: activeTraceparent() }));
    expect(seen).toEqual({ span: undefined, ids: undefined, tp: undefined });
  });

  it("on, spans join the trace of the traceparent they are given, nest, and reach the OTLP receiver", async () => {
    receiver = await startOtlpReceiver();
    tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "group" });
    let inner: string | undefined;
    await inSpan("group chunk", { kind: SpanKind.CONSUMER, traceparent: parent }, async () => {
      expect(activeSpanIds()?.trace_id).toBe("a".repeat(32));
      await inSpan("db transaction", { kind: SpanKind.CLIENT }, async () => void (inner = activeTraceparent()));
    });
    await tracing.flush();
    const spans = receiver.spans;
    expect(spans.map((s) => [s.name, s.service, s.traceId])).toEqual([
      ["db transaction", "group", "a".repeat(32)],
      ["group chunk", "group", "a".repeat(32)],
    ]);
    const outer = spans.find((s) => s.name === "group chunk")!;
    expect(outer.parentSpanId).toBe("b".repeat(16));
    expect(spans.find((s) => s.name === "db transaction")!.parentSpanId).toBe(outer.spanId);
    expect(inner).toBe(`00-${"a".repeat(32)}-${spans[0]!.spanId}-01`);
  });

  it("on, a span that requires a parent is recorded inside another span and skipped outside any", async () => {
    receiver = await startOtlpReceiver();
    tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "notify" });
    const outside = await inSpan("db transaction", { kind: SpanKind.CLIENT, requireParent: true }, async (span) => span);
    expect(outside).toBeUndefined();
    await inSpan("deliver", { traceparent: parent }, () => inSpan("db transaction", { kind: SpanKind.CLIENT, requireParent: true }, async () => undefined));
    await tracing.flush();
    expect(receiver.spans.map((s) => [s.name, s.traceId])).toEqual([
      ["db transaction", "a".repeat(32)],
      ["deliver", "a".repeat(32)],
    ]);
  });

  it("on, a failed work marks its span and the error goes on to the caller", async () => {
    receiver = await startOtlpReceiver();
    tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "price" });
    await expect(inSpan("price chunk", {}, async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await tracing.flush();
    expect(receiver.spans.map((s) => s.name)).toEqual(["price chunk"]);
  });
});
