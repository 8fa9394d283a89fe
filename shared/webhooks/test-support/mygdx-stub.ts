import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { createWebhookVerifier, type WebhookVerifierOptions } from "../src/verify.ts";
import type { TestPki } from "./pki.ts";

/** One webhook the stub accepted (signature valid, token valid). */
export type Received = { webhookId: string; body: string; headers: Record<string, string>; receivedAt: number; token: string | undefined };

/** Options of {@link startReceiverStub}. */
export type ReceiverStubOptions = {
  pki: TestPki;
  /** Demand a client certificate signed by the test CA (mutual TLS). */
  mutualTls: boolean;
  /** How the receiver verifies signatures. */
  verifier: WebhookVerifierOptions;
  /** When set, the stub is also an OIDC issuer for this client and webhooks need its bearer tokens. */
  oidcClient?: { clientId: string; jwks: JSONWebKeySet; tokenLifetimeSeconds?: number };
  /** Status for the n-th (1-based) signed webhook request; default 204. */
  respond?: (n: number) => { status: number; headers?: Record<string, string> };
};

/** A loopback HTTPS receiver that behaves like MyGDX (or a hospital), for tests and the benchmark. */
export type ReceiverStub = {
  url: string;
  webhookUrl: string;
  received: Received[];
  /** Webhook requests refused, with why (signature or token). */
  refused: { webhookId: string | undefined; reason: string }[];
  tokensIssued: string[];
  /** Webhook requests being handled right now, and the most seen at once (the sender's concurrency). */
  inFlight: number;
  maxInFlight: number;
  /** Makes the receiver treat a token as expired from now on. */
  expireToken(token: string): void;
  /** Called for each accepted webhook (the benchmark timestamps arrivals). */
  onReceive?: (r: Received) => void;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Starts the stub on 127.0.0.1 (a free port). Routes: `/.well-known/openid-configuration`,
 * `POST /token` (checks the RFC 7523 client assertion against the client's public JWKS, refuses a
 * reused jti), `POST /webhooks` (checks bearer token, then the Standard Webhooks signature).
 */
export async function startReceiverStub(options: ReceiverStubOptions): Promise<ReceiverStub> {
  const verify = createWebhookVerifier(options.verifier);
  const tokens = new Map<string, number>();
  const expired = new Set<string>();
  const seenJti = new Set<string>();
  let webhookCount = 0;
  const clientJwks = options.oidcClient ? createLocalJWKSet(options.oidcClient.jwks) : undefined;

  const stub: ReceiverStub = {
    url: "", webhookUrl: "", received: [], refused: [], tokensIssued: [], inFlight: 0, maxInFlight: 0,
    expireToken: (t) => void expired.add(t),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    if (!options.oidcClient || !clientJwks) return send(res, 404, { error: "not_found" });
    if (form.get("grant_type") !== "client_credentials" || form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return send(res, 400, { error: "unsupported_grant_type" });
    }
    try {
      const { payload } = await jwtVerify(form.get("client_assertion") ?? "", clientJwks, {
        issuer: options.oidcClient.clientId, subject: options.oidcClient.clientId, audience: `${stub.url}/token`, maxTokenAge: "5m", requiredClaims: ["jti", "exp"],
      });
      if (seenJti.has(payload.jti!)) return send(res, 401, { error: "invalid_client", error_description: "jti reused" });
      seenJti.add(payload.jti!);
    } catch (err) {
      return send(res, 401, { error: "invalid_client", error_description: (err as Error).message });
    }
    const lifetime = options.oidcClient.tokenLifetimeSeconds ?? 300;
    const accessToken = "at_" + randomUUID();
    tokens.set(accessToken, Date.now() + lifetime * 1000);
    stub.tokensIssued.push(accessToken);
    send(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: lifetime });
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const id = req.headers["webhook-id"] as string | undefined;
    let bearer: string | undefined;
    if (options.oidcClient) {
      bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const exp = bearer ? tokens.get(bearer) : undefined;
      if (!bearer || exp === undefined || exp < Date.now() || expired.has(bearer)) {
        stub.refused.push({ webhookId: id, reason: "invalid_token" });
        return send(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token", error_description="The access token expired"' });
      }
    }
    const verified = verify(req.headers, body);
    if (!verified.ok) {
      stub.refused.push({ webhookId: id, reason: verified.error.code });
      return send(res, 400, { error: verified.error.code });
    }
    const { status, headers: replyHeaders } = options.respond?.(++webhookCount) ?? { status: 204 };
    if (status >= 200 && status < 300) {
      const headers: Record<string, string> = {};
      for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) headers[name] = String(req.headers[name]);
      const r: Received = { webhookId: verified.value.webhookId, body, headers, receivedAt: performance.now(), token: bearer };
      stub.received.push(r);
      stub.onReceive?.(r);
    }
    send(res, status, status === 204 ? undefined : { status }, replyHeaders);
  }

  const server: Server = createServer(
    { key: options.pki.serverKey, cert: options.pki.serverCert, ca: [options.pki.caCert], requestCert: options.mutualTls, rejectUnauthorized: options.mutualTls, keepAliveTimeout: 30_000 },
    (req, res) => {
      const path = new URL(req.url ?? "/", stub.url).pathname;
      const done = (p: Promise<void>) => p.catch((err) => send(res, 500, { error: String(err) }));
      if (req.method === "GET" && path === "/.well-known/openid-configuration") {
        return send(res, 200, { issuer: stub.url, token_endpoint: `${stub.url}/token`, token_endpoint_auth_methods_supported: ["private_key_jwt"] });
      }
      if (req.method === "POST" && path === "/token") return void done(token(req, res));
      if (req.method === "POST" && path === "/webhooks") {
        stub.maxInFlight = Math.max(stub.maxInFlight, ++stub.inFlight);
        res.on("close", () => stub.inFlight--);
        return void done(webhook(req, res));
      }
      send(res, 404, { error: "not_found" });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.webhookUrl = `${stub.url}/webhooks`;
  return stub;
}
