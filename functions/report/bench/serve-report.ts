/**
 * The reporting API as its own process, for the latency benchmark (bench-api.ts starts it).
 * Argument: one JSON object {databaseUrl, redisUrl?, issuer, audience, jwksUrl, port, storageDir}.
 */
import { serve } from "@hono/node-server";
import { z } from "zod";
import { createTokenVerifier } from "@casemix/auth";
import { createMemoryCache, createRedisCache } from "@casemix/cache";
import { createPostgresDb } from "@casemix/db";
import { createLogger, type Platform } from "@casemix/runtime";
import { createFolderStore } from "@casemix/storage";
import { createReportApi } from "../src/routes/api.ts";

const Args = z.object({
  databaseUrl: z.string().url(),
  redisUrl: z.string().url().optional(),
  issuer: z.string().url(),
  audience: z.string(),
  jwksUrl: z.string().url(),
  port: z.number().int(),
  storageDir: z.string(),
});
const args = Args.parse(JSON.parse(process.argv[2] ?? "{}"));
const db = createPostgresDb({ url: args.databaseUrl, max: 10 });
const cache = args.redisUrl ? createRedisCache({ url: args.redisUrl, namespace: "bench-report:" }) : createMemoryCache();
const platform = {
  env: {} as never, source: {}, db, cache, store: createFolderStore({ root: args.storageDir }),
  log: createLogger({ level: "silent" }), now: () => new Date(),
  verifier: createTokenVerifier({ issuer: args.issuer, audience: args.audience, jwksUrl: args.jwksUrl }),
  send: async () => undefined,
} satisfies Platform;
const app = createReportApi({ platform, cacheTtlSeconds: 300 });
const server = serve({ fetch: app.fetch, port: args.port, hostname: "127.0.0.1" }, () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  process.stdout.write(`rss ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
  server.close();
  void Promise.all([db.close(), cache.close()]).finally(() => process.exit(0));
});
