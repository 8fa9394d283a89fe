import { createHash } from "node:crypto";
import { createCsvParser, GENERATED_HEADER, generateClaimRows, type GeneratedKind, type GenerateOptions } from "@casemix/claims";

/** A generated claim file with the counts of each kind of row in it. */
export type GeneratedFile = { text: string; bytes: Buffer; sha256: string; kinds: Record<GeneratedKind, number> };

export function generateCsv(options: GenerateOptions): GeneratedFile {
  const kinds: Record<string, number> = {};
  const lines = [GENERATED_HEADER];
  for (const row of generateClaimRows(options)) {
    lines.push(row.line);
    kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
  }
  const text = lines.join("\r\n") + "\r\n";
  const bytes = Buffer.from(text);
  return { text, bytes, sha256: createHash("sha256").update(bytes).digest("hex"), kinds: kinds as Record<GeneratedKind, number> };
}

/** Rows of a result CSV, read with the project's CSV parser. */
export function parseResultCsv(text: string): Record<string, string>[] {
  const parser = createCsvParser({ maxFieldChars: 1_000_000 });
  const [header, ...records] = [...parser.push(text), ...parser.end()];
  return records.map((r) => Object.fromEntries(header.fields.map((n, i) => [n, r.fields[i] ?? ""])));
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cache } from "@casemix/cache";
import { createTestPglite } from "@casemix/db";
import { createFolderStore } from "@casemix/storage";
import { BaseEnvSchema, createLogger, parseEnv, type Platform, type TestPlatform } from "@casemix/runtime";
import type { TokenVerifier } from "@casemix/auth";

/** None of intake, validate or dedupe caches anything yet; a map keeps this test off the cache adapter. */
function mapCache(): Cache {
  const m = new Map<string, string>();
  return {
    kind: "memory",
    get: async (k) => m.get(k),
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => void m.delete(k),
    deletePrefix: async (p) => [...m.keys()].filter((k) => k.startsWith(p)).reduce((n, k) => (m.delete(k), n + 1), 0),
    close: async () => {},
  };
}

/** Like createTestPlatform, built here so the flow test does not depend on the cache adapter. */
export async function testPlatform(verifier: TokenVerifier): Promise<Platform & Pick<TestPlatform, "sent">> {
  const root = await mkdtemp(join(tmpdir(), "casemix-e2e-objects-"));
  const env = parseEnv(BaseEnvSchema, { STORAGE_DIR: root, LOG_LEVEL: "silent" });
  const sent: TestPlatform["sent"] = [];
  return {
    env, source: {}, db: await createTestPglite(), store: createFolderStore({ root }), cache: mapCache(), log: createLogger({ level: "silent" }),
    now: () => new Date(), verifier, send: async (events) => void sent.push(...events), sent,
  };
}
