import type { Agent } from "node:https";
import type { CryptoKey, JWK, KeyObject } from "jose";
import { webhookError, type Result } from "./errors.ts";
import { createTlsAgent, sendHttps, type HttpTransport, type TlsOptions } from "./http-transport.ts";
import { createOidcClient, type OidcClient } from "./oidc-client.ts";
import type { Subscription } from "./ports.ts";

/** A configured OIDC client with its mutual-TLS certificate (MyGDX); parsed from env by the function. */
export type TargetCredentials = {
  /** Referenced by `subscription.auth.credentialsId`. */
  id: string;
  clientId: string;
  privateKey: CryptoKey | KeyObject | JWK | Uint8Array;
  alg: string;
  kid?: string;
  tokenEndpoint?: string;
  issuer?: string;
  scope?: string;
  /** Client certificate and key (required: every call to MyGDX is mutual TLS), and the CAs to trust. */
  tls: TlsOptions & { cert: string; key: string };
};

/** How to reach one subscription: the agent to use and, for OIDC targets, the token client. */
export type Target = { agent: Agent; oidc?: OidcClient };

/** Resolves subscriptions to targets; agents and token caches live as long as the resolver. */
export type TargetResolver = { resolve(subscription: Subscription): Result<Target>; close(): void };

/** Options of {@link createTargetResolver}. */
export type TargetResolverOptions = {
  credentials: readonly TargetCredentials[];
  /** TLS for hospital endpoints (no client certificate): e.g. extra CAs. */
  hospitalTls?: TlsOptions;
  transport?: HttpTransport;
  now?: () => number;
};

/**
 * One agent per credential (the client certificate is only offered where it belongs) and one for
 * hospitals; one token cache per credential, shared by all subscriptions that use it.
 */
export function createTargetResolver(options: TargetResolverOptions): TargetResolver {
  const hospitalAgent = createTlsAgent(options.hospitalTls ?? {});
  const byId = new Map<string, Target>();
  for (const c of options.credentials) {
    const agent = createTlsAgent(c.tls);
    const oidc = createOidcClient({
      clientId: c.clientId, privateKey: c.privateKey, alg: c.alg, agent,
      ...(c.kid ? { kid: c.kid } : {}), ...(c.tokenEndpoint ? { tokenEndpoint: c.tokenEndpoint } : {}),
      ...(c.issuer ? { issuer: c.issuer } : {}), ...(c.scope ? { scope: c.scope } : {}),
      transport: options.transport ?? sendHttps, ...(options.now ? { now: options.now } : {}),
    });
    byId.set(c.id, { agent, oidc });
  }
  return {
    resolve(subscription) {
      if (subscription.auth.kind === "none") return { ok: true, value: { agent: hospitalAgent } };
      const target = byId.get(subscription.auth.credentialsId);
      return target
        ? { ok: true, value: target }
        : { ok: false, error: webhookError("E_CREDENTIALS_UNKNOWN", `no credentials ${subscription.auth.credentialsId} are configured`) };
    },
    close() {
      hospitalAgent.destroy();
      for (const t of byId.values()) t.agent.destroy();
    },
  };
}
