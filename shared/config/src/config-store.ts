import type { Cache } from "@casemix/cache";
import type { Db } from "@casemix/db";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { compileDefinition, type CompiledDefinition, type DefinitionPackage } from "@casemix/grouper";
import { compileTariff, indexRegister, type CompiledTariff, type Hospital, type HospitalRegister, type Tariff } from "@casemix/pricing";
import { contentSha256 } from "./canonical.ts";
import { listVersions, loadContent, pickInForce } from "./repository.ts";
import { seedDemoConfig } from "./seed.ts";
import { ConfigError, type ConfigKind, type ConfigVersion } from "./types.ts";

export type DefinitionInForce = { version: ConfigVersion; package: DefinitionPackage; definition: CompiledDefinition };
export type TariffInForce = { version: ConfigVersion; tariff: CompiledTariff };
export type HospitalsInForce = { version: ConfigVersion; register: HospitalRegister; /** Hospitals in force on the date asked, by code. */ byCode: ReadonlyMap<string, Hospital> };

export type ConfigStoreOptions = {
  db: Db;
  cache: Cache;
  /** Seed the demo configuration into an empty database on first use (the embedded default). Default true. */
  seedDemo?: boolean;
  /**
   * How long the in-memory list of published versions is trusted without a `config.published` event
   * (ms). The event invalidates it at once; the bound covers a process that missed the event.
   */
  indexTtlMs?: number;
  /** Seconds raw content stays in the shared cache; content never changes for an id, so this only bounds memory. */
  contentTtlSeconds?: number;
  /** Compiled versions kept in memory per kind (oldest loaded evicted first). */
  maxCompiledPerKind?: number;
  now?: () => Date;
};

/**
 * The configuration loader every function uses (validate, group, price, flag-outlier): resolves the
 * version in force on a date (DESIGN.md: the latest published version whose [from, to) range covers
 * it), loads its content through the shared cache (Redis in distributed mode, `config:content:<id>`),
 * and compiles it once per process. Pass `config.published` events to `handleEvent` to pick up a new
 * version at once.
 */
export type ConfigStore = {
  definitionFor(date: string): Promise<DefinitionInForce>;
  tariffFor(date: string): Promise<TariffInForce>;
  /** The register version in force on `date`, with the hospitals in force on that date by code. */
  hospitalsFor(date: string): Promise<HospitalsInForce>;
  /** A hospital of the register in force on `date` whose own range covers it, or undefined. */
  hospital(code: string, date: string): Promise<Hospital | undefined>;
  /** A definition by version id (e.g. to regroup with the version a grouping recorded). */
  definitionById(id: string): Promise<DefinitionInForce>;
  /** The published version of `kind` in force on `date`, or undefined (no content loaded). */
  versionFor(kind: ConfigKind, date: string): Promise<ConfigVersion | undefined>;
  /** Forgets the published versions of a kind (all kinds without one). Compiled content stays: it never changes. */
  invalidate(kind?: ConfigKind): void;
  /** Invalidates on `config.published`; returns true when the event was one. */
  handleEvent(event: CasemixEvent): boolean;
  /** Seeds the demo configuration when the database has none (once per store). */
  ensureSeeded(): Promise<void>;
};

type Index = { versions: ConfigVersion[]; loadedAt: number };

/**
 * @example
 * const config = createConfigStore({ db: platform.db, cache: platform.cache });
 * const { version, definition } = await config.definitionFor("2027-01-31");
 * groupClaim(definition, claim);  // record version.id with the grouping
 */
export function createConfigStore(options: ConfigStoreOptions): ConfigStore {
  const { db, cache, seedDemo = true, indexTtlMs = 5_000, contentTtlSeconds = 86_400, maxCompiledPerKind = 4 } = options;
  const clock = options.now ?? (() => new Date());
  const indexes = new Map<ConfigKind, Promise<Index>>();
  const compiled = new Map<string, Promise<unknown>>();
  const compiledOrder = new Map<ConfigKind, string[]>();
  let seeded: Promise<void> | undefined;

  const ensureSeeded = () => {
    seeded ??= seedDemo ? seedDemoConfig(db, clock()).then(() => undefined) : Promise.resolve();
    seeded.catch(() => (seeded = undefined));
    return seeded;
  };

  async function loadIndex(kind: ConfigKind): Promise<Index> {
    await ensureSeeded();
    return { versions: await listVersions(db, { kind, status: "published" }), loadedAt: Date.now() };
  }

  async function index(kind: ConfigKind): Promise<Index> {
    let current = indexes.get(kind);
    if (current) {
      const resolved = await current;
      if (Date.now() - resolved.loadedAt <= indexTtlMs) return resolved;
      if (indexes.get(kind) === current) indexes.delete(kind);
    }
    current = indexes.get(kind);
    if (!current) {
      current = loadIndex(kind);
      indexes.set(kind, current);
      current.catch(() => indexes.delete(kind));
    }
    return current;
  }

  async function versionFor(kind: ConfigKind, date: string): Promise<ConfigVersion | undefined> {
    return pickInForce((await index(kind)).versions, date);
  }

  async function rawContent(version: ConfigVersion): Promise<unknown> {
    const key = `config:content:${version.id}`;
    const cached = await cache.get(key);
    if (cached !== undefined) {
      const content = JSON.parse(cached) as unknown;
      if (contentSha256(content) === version.sha256) return content;
      await cache.delete(key); // a corrupt or foreign entry: fall back to the database
    }
    const content = await loadContent(db, version.id);
    if (content === undefined) throw new ConfigError("E_CONFIG_NOT_FOUND", `configuration version ${version.id} has no content`, 404);
    if (contentSha256(content) !== version.sha256) throw new ConfigError("E_CONFIG_CORRUPT", `the content of ${version.id} does not match its sha256`, 409);
    await cache.set(key, JSON.stringify(content), contentTtlSeconds);
    return content;
  }

  function compiledFor<T>(version: ConfigVersion, build: (content: unknown) => T): Promise<T> {
    let entry = compiled.get(version.id) as Promise<T> | undefined;
    if (!entry) {
      entry = rawContent(version).then(build);
      compiled.set(version.id, entry);
      entry.catch(() => compiled.delete(version.id));
      const order = compiledOrder.get(version.kind) ?? [];
      order.push(version.id);
      while (order.length > maxCompiledPerKind) compiled.delete(order.shift()!);
      compiledOrder.set(version.kind, order);
    }
    return entry;
  }

  async function required(kind: ConfigKind, date: string): Promise<ConfigVersion> {
    const version = await versionFor(kind, date);
    if (!version) throw new ConfigError("E_CONFIG_NOT_IN_FORCE", `no published ${kind} version is in force on ${date}`, 404);
    return version;
  }

  const definitionOf = (version: ConfigVersion) =>
    compiledFor(version, (content): DefinitionInForce => {
      const pkg = content as DefinitionPackage;
      return { version, package: pkg, definition: compileDefinition(pkg) };
    });

  const tariffOf = (version: ConfigVersion) =>
    compiledFor(version, (content): TariffInForce => {
      const result = compileTariff(content as Tariff);
      if (!result.ok) throw new ConfigError("E_CONFIG_INVALID", `tariff ${version.id} does not compile: ${result.issues[0]?.path}: ${result.issues[0]?.message}`);
      return { version, tariff: result.tariff };
    });

  const registerOf = (version: ConfigVersion) => compiledFor(version, (content) => ({ version, register: content as HospitalRegister, byDate: new Map<string, Map<string, Hospital>>() }));

  async function hospitalsFor(date: string): Promise<HospitalsInForce> {
    const entry = await registerOf(await required("hospitals", date));
    let byCode = entry.byDate.get(date);
    if (!byCode) {
      byCode = indexRegister(entry.register, date);
      if (entry.byDate.size > 400) entry.byDate.clear(); // about a year of distinct dates
      entry.byDate.set(date, byCode);
    }
    return { version: entry.version, register: entry.register, byCode };
  }

  return {
    definitionFor: async (date) => definitionOf(await required("definition", date)),
    tariffFor: async (date) => tariffOf(await required("tariff", date)),
    hospitalsFor,
    hospital: async (code, date) => (await hospitalsFor(date)).byCode.get(code),
    definitionById: async (id) => {
      const found = (await index("definition")).versions.find((v) => v.id === id) ?? (await listVersions(db, { kind: "definition" })).find((v) => v.id === id);
      if (!found) throw new ConfigError("E_CONFIG_NOT_FOUND", `no definition version ${id}`, 404);
      return definitionOf(found);
    },
    versionFor,
    invalidate: (kind) => {
      if (kind) indexes.delete(kind);
      else indexes.clear();
    },
    handleEvent: (event) => {
      if (event.type !== EventTypes.configPublished) return false;
      const kind = (event.data as { kind?: ConfigKind } | undefined)?.kind;
      if (kind) indexes.delete(kind);
      else indexes.clear();
      return true;
    },
    ensureSeeded,
  };
}
