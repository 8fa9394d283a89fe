import { Agent, request } from "node:https";
import { performance } from "node:perf_hooks";

/** TLS material for an agent: a client certificate for mutual TLS, and the CAs to trust. */
export type TlsOptions = {
  /** PEM client certificate (chain); with `key`, sent on every connection (mutual TLS). */
  cert?: string;
  key?: string;
  /** PEM CA certificates that sign the server; default: Node's bundled roots. */
  ca?: string | string[];
  /** Keep-alive connections per origin. */
  maxSockets?: number;
};

/**
 * A keep-alive HTTPS agent. One per target credential, so a client certificate is never offered
 * to the wrong server and connections (and TLS sessions) are reused across deliveries.
 */
export function createTlsAgent(options: TlsOptions = {}): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    ...(options.cert !== undefined ? { cert: options.cert } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    minVersion: "TLSv1.2",
  });
}

/** An HTTP request. */
export type HttpRequest = {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  agent: Agent;
  timeoutMs: number;
};

/** An HTTP response (body read up to 64 KiB: enough for errors and tokens). */
export type HttpResponse = { status: number; headers: Record<string, string>; body: string };

/** A transport failure, with the code Node or OpenSSL gave it (ECONNREFUSED, ERR_SSL_..., CERT_...). */
export type TransportError = { code: string; message: string };

/** The outcome of a request and how long it took. */
export type HttpOutcome = { durationMs: number } & ({ ok: true; response: HttpResponse } | { ok: false; error: TransportError });

/** Sends requests. A port so unit tests can script responses; the real one is {@link sendHttps}. */
export type HttpTransport = (req: HttpRequest) => Promise<HttpOutcome>;

const MAX_BODY = 64 * 1024;

/**
 * Sends one HTTPS request over the given agent. Never throws: TLS and socket errors come back as
 * values with their code, so the attempt log can say why a delivery failed.
 */
export const sendHttps: HttpTransport = (req) => {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: { ok: true; response: HttpResponse } | { ok: false; error: TransportError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ durationMs: elapsed(), ...outcome });
    };
    const body = req.body === undefined ? undefined : Buffer.from(req.body, "utf8");
    const headers: Record<string, string | number> = { ...req.headers };
    if (body) headers["content-length"] = body.length;
    // A deadline for the whole exchange, not only socket idleness: a receiver that trickles its
    // answer byte by byte must not hold a delivery slot forever.
    const deadline = setTimeout(() => {
      finish({ ok: false, error: { code: "ETIMEDOUT", message: `no complete response within ${req.timeoutMs} ms` } });
      r.destroy();
    }, req.timeoutMs);
    const r = request(req.url, { method: req.method, headers, agent: req.agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
        finish({ ok: true, response: { status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY) } });
      });
      res.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, error: { code: err.code ?? "E_RESPONSE", message: err.message } }));
    });
    r.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, error: { code: transportErrorCode(err), message: err.message } }));
    r.end(body);
  });
};

/**
 * The code an attempt is recorded with. Node reports a TLS alert received during a TLS 1.2
 * handshake as a bare `EPROTO`, with OpenSSL's reason only in the message ("...:tlsv1 alert unknown
 * ca:..."); that reason is turned into the code Node itself uses for the same alert under TLS 1.3
 * (`ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`), so operators see one code per cause.
 */
export function transportErrorCode(err: { code?: string; message: string }): string {
  if (err.code === "EPROTO") {
    const reason = /:(?:ssl3_read_bytes|ssl3_get_record|tls_[a-z_]+):([a-z0-9 /]+):/i.exec(err.message)?.[1];
    if (reason) return "ERR_SSL_" + reason.trim().toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  }
  return err.code ?? "E_TRANSPORT";
}
