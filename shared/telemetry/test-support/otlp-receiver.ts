import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One span as an OTLP/HTTP JSON export carries it, with the `service.name` of its resource. */
export type ReceivedSpan = { service: string; traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number };

export type OtlpReceiver = { endpoint: string; spans: ReceivedSpan[]; requests: number; close(): Promise<void> };

type AnyValue = { stringValue?: string };
type ExportRequest = {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: AnyValue }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }[] }[];
  }[];
};

/**
 * A small OTLP/HTTP trace receiver for tests (what an OpenTelemetry Collector's `otlp` receiver does
 * with `POST /v1/traces`, JSON encoding): it keeps every span it is sent.
 *
 * @example
 * const receiver = await startOtlpReceiver();
 * // run with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, then read receiver.spans
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: OtlpReceiver = { endpoint: "", spans: [], requests: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") return void res.writeHead(404).end();
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      if (!/json/.test(req.headers["content-type"] ?? "")) return void res.writeHead(415).end();
      received.requests += 1;
      const request = JSON.parse(body.toString("utf8")) as ExportRequest;
      for (const rs of request.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue ?? "";
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            received.spans.push({ service, traceId: s.traceId, spanId: s.spanId, ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}), name: s.name, kind: s.kind });
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  received.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  received.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return received;
}
