import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Span } from "@opentelemetry/api";
import type { TracerProvider } from "@opentelemetry/sdk-trace";

export { SpanKind };
export type { Span };

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags (https://www.w3.org/TR/trace-context/). */
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export type TracingOptions = {
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** `service.name` of the spans: the function's name. */
  serviceName: string;
  /**
   * Longest wait before a span is sent (ms): OTEL_BSP_SCHEDULE_DELAY, else the SDK's 5 s. Each export
   * is an HTTP request from every busy process; a shorter delay costs CPU on the hot path for no gain
   * in what a trace shows (tests flush instead of waiting).
   */
  scheduledDelayMillis?: number;
};

export type Tracing = { flush(): Promise<void>; shutdown(): Promise<void> };

let provider: TracerProvider | undefined;

/** Whether spans are recorded in this process: only once {@link startTracing} ran. */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/**
 * Starts exporting spans over OTLP/HTTP (JSON) to `endpoint`. Without it nothing is recorded and every
 * helper here calls straight through (no span objects, no context switches): tracing off costs nothing.
 *
 * @example
 * const tracing = await startTracing({ endpoint: "http://127.0.0.1:4318", serviceName: "group" });
 */
export async function startTracing({ endpoint, serviceName, scheduledDelayMillis = 5000 }: TracingOptions): Promise<Tracing> {
  if (provider) return handle(provider);
  // The SDK is loaded only when tracing is on: a function with it off (the default) neither loads nor
  // parses it at its cold start.
  const [{ AsyncLocalStorageContextManager }, { OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, TracerProvider }] = await Promise.all([
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/sdk-trace"),
  ]);
  if (provider) return handle(provider);
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return handle(provider);
}

function handle(p: TracerProvider): Tracing {
  return {
    flush: () => p.forceFlush(),
    shutdown: async () => {
      await p.shutdown();
      if (provider === p) {
        provider = undefined;
        trace.disable();
        context.disable();
      }
    },
  };
}

/** The context of a remote parent named by a `traceparent` (an event's extension, an HTTP header). */
export function contextOfTraceparent(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context {
  const m = traceparent ? traceparentPattern.exec(traceparent) : null;
  if (!m) return base;
  return trace.setSpanContext(base, { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) & TraceFlags.SAMPLED, isRemote: true });
}

/** The `traceparent` that makes a span the parent of what comes next (an event it sends, a call it makes). */
export function traceparentOf(span: Span | undefined): string | undefined {
  const sc = span?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & TraceFlags.SAMPLED) === 1 ? "01" : "00"}`;
}

/** The trace and span ids of the span running now, for log lines; undefined outside a span or when tracing is off. */
export function activeSpanIds(): { trace_id: string; span_id: string } | undefined {
  if (!provider) return undefined;
  const sc = trace.getSpanContext(context.active());
  return sc && trace.isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : undefined;
}

export type SpanOptions = {
  attributes?: Attributes;
  kind?: SpanKind;
  /** A remote parent (an event's traceparent): the span joins its trace instead of the active one. */
  traceparent?: string;
  /**
   * Record the span only inside another (OpenTelemetry's pg and aws-sdk instrumentations call it
   * `requireParentSpan`): a database transaction or object call of a poller, a sweeper or a probe
   * would otherwise start a one-span trace of its own every time it runs, noise that costs CPU and
   * hides the batches' traces.
   */
  requireParent?: boolean;
};

/**
 * Runs `work` inside a span named `name`, ended when it settles (an error sets the span's status and is
 * rethrown). With tracing off, `work` runs as is and gets no span.
 *
 * @example
 * await inSpan("db transaction", { kind: SpanKind.CLIENT }, () => db.transaction(fn));
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!provider) return work(undefined);
  const parent = options.traceparent ? contextOfTraceparent(options.traceparent) : context.active();
  if (options.requireParent && !trace.getSpanContext(parent)) return work(undefined);
  const span = trace.getTracer("casemix").startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The `traceparent` of the span running now (to put on an outgoing request), when tracing is on. */
export function activeTraceparent(): string | undefined {
  return provider ? traceparentOf(trace.getSpan(context.active())) : undefined;
}
