import { chmod, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK } from "jose";
import { eventAudience, meshIdentities } from "@casemix/events";
import { createEventAuthenticator, createLocalEventKeys, type EventAuthenticator } from "./event-auth.ts";
import type { TokenSource } from "./event-token.ts";

/** What `casemix mesh` signs its event tokens as (`iss`). */
export const MESH_EVENT_ISSUER = "casemix-mesh";

/**
 * Lifetimes. A delivery token lives 5 minutes (reissued when a quarter is left), as short as Knative's
 * own; a sender's token file lives an hour and is rewritten every 15 minutes, as the kubelet rotates a
 * projected service-account token before 80% of its life.
 */
const DELIVERY_TTL_SECONDS = 300;
const SENDER_TTL_SECONDS = 3600;
const SENDER_REFRESH_MS = 15 * 60_000;

export type MeshEventAuth = {
  issuer: string;
  /** The public half of the mesh's key, which function processes verify deliveries with (`EVENT_JWKS`). */
  jwks: JSONWebKeySet;
  /** Signs a token; tests use it for the wrong-audience, wrong-sender and expired cases. */
  sign(claims: { sub: string; aud: string; ttlSeconds: number }): Promise<string>;
  /** The dispatcher's token for deliveries to `fn`: audience `eventAudience(fn)`, sender the broker. */
  deliveryToken(fn: string): TokenSource;
  /** What a function's own ingress accepts: deliveries from the broker, for its audience. */
  receiver(fn: string): EventAuthenticator;
  /**
   * What the broker ingress accepts: a function of this mesh, for the broker's audience. Not bound to
   * the event's `source`: the outbox is one table, and any function's relay sends whatever rows it
   * claims (the CLI's period close too), as on Knative, where the EventPolicy checks the sender only.
   */
  brokerIngress(): EventAuthenticator;
  /** Env of a function process: how to verify deliveries and where its own sender token is. */
  functionEnv(fn: string): Promise<Record<string, string>>;
  /** Stops rewriting token files and removes them. */
  close(): Promise<void>;
};

/**
 * The local broker's answer to Knative Eventing's OIDC: a key made at start (never stored), tokens per
 * delivery signed with it, and a token file per function that the function sends to the broker with
 * (what SinkBinding mounts at /oidc/token on Knative), rewritten before it expires.
 */
export async function createMeshEventAuth(): Promise<MeshEventAuth> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `mesh-${Date.now().toString(36)}`;
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const keys = createLocalEventKeys(jwks);
  const sign = ({ sub, aud, ttlSeconds }: { sub: string; aud: string; ttlSeconds: number }) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({}).setProtectedHeader({ alg: "ES256", kid }).setIssuer(MESH_EVENT_ISSUER).setSubject(sub).setAudience(aud)
      .setIssuedAt(now).setExpirationTime(now + ttlSeconds).sign(privateKey);
  };
  const cached = new Map<string, { token: string; renewAt: number }>();
  let tokenDir: string | undefined;
  const files = new Map<string, string>();
  const writeToken = async (fn: string, path: string) => {
    const token = await sign({ sub: meshIdentities.function(fn), aud: meshIdentities.brokerAudience, ttlSeconds: SENDER_TTL_SECONDS });
    await writeFile(`${path}.tmp`, token, { mode: 0o600 });
    await rename(`${path}.tmp`, path); // a reader never sees half a token
  };
  const refresh = setInterval(() => {
    for (const [fn, path] of files) void writeToken(fn, path).catch(() => undefined);
  }, SENDER_REFRESH_MS);
  refresh.unref();
  return {
    issuer: MESH_EVENT_ISSUER,
    jwks,
    sign,
    deliveryToken: (fn) => async () => {
      const hit = cached.get(fn);
      if (hit && hit.renewAt > Date.now()) return hit.token;
      const token = await sign({ sub: meshIdentities.broker, aud: eventAudience(fn), ttlSeconds: DELIVERY_TTL_SECONDS });
      cached.set(fn, { token, renewAt: Date.now() + (DELIVERY_TTL_SECONDS * 1000 * 3) / 4 });
      return token;
    },
    receiver: (fn) => createEventAuthenticator({ issuer: MESH_EVENT_ISSUER, audience: eventAudience(fn), senders: [meshIdentities.broker], keys }),
    brokerIngress: () =>
      createEventAuthenticator({ issuer: MESH_EVENT_ISSUER, audience: meshIdentities.brokerAudience, senders: [`${meshIdentities.function("")}*`], keys }),
    functionEnv: async (fn) => {
      tokenDir ??= await mkdtemp(join(tmpdir(), "casemix-mesh-tokens-"));
      await chmod(tokenDir, 0o700);
      const path = join(tokenDir, `${fn}.token`);
      files.set(fn, path);
      await writeToken(fn, path);
      return {
        EVENT_ISSUER: MESH_EVENT_ISSUER,
        EVENT_AUDIENCE: eventAudience(fn),
        EVENT_SENDERS: meshIdentities.broker,
        EVENT_JWKS: JSON.stringify(jwks),
        EVENT_TOKEN_FILE: path,
      };
    },
    close: async () => {
      clearInterval(refresh);
      if (tokenDir) await rm(tokenDir, { recursive: true, force: true });
    },
  };
}
