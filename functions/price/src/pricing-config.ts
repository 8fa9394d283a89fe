import {
  compileTariff,
  indexRegister,
  loadDemoRegister,
  loadDemoTariff,
  versionInForce,
  type CompiledTariff,
  type Hospital,
  type HospitalRegister,
} from "@casemix/pricing";

/**
 * The tariff and hospital-register versions price may use. This is the one place price looks them up:
 * when the versioned configuration store (shared/config) serves published versions, only the source
 * behind `PricingConfigSource` changes.
 */
export type PricingConfig = { tariffs: readonly CompiledTariff[]; registers: readonly HospitalRegister[] };

/**
 * Where price gets the versions in force: a lookup for the discharge dates of one chunk, and the key of
 * the versions in force over a period (a close with an unchanged key is a no-op). Implementations:
 * `staticConfigSource` (given versions: tests, the CLI) and `configStoreSource` (published versions in
 * the database, shared/config).
 */
export type PricingConfigSource = {
  lookup(dates: readonly string[]): Promise<PricingLookup>;
  configKey(period: string): Promise<{ key: string; tariffVersionIds: string[] }>;
  /** Forgets cached versions (a `config.published` of a tariff or register). */
  invalidate(): void;
};

/** What one chunk needs: the versions in force on each discharge date, indexed once per date. */
export type PricingLookup = {
  tariffOn(date: string): CompiledTariff | undefined;
  hospitalsOn(date: string): { registerVersionId: string; hospitals: ReadonlyMap<string, Hospital> } | undefined;
};

/** Indexes a config for lookups by date; a chunk holds few distinct dates, each indexed once. */
export function createPricingLookup(config: PricingConfig): PricingLookup {
  const tariffs = new Map<string, CompiledTariff | undefined>();
  const registers = new Map<string, { registerVersionId: string; hospitals: ReadonlyMap<string, Hospital> } | undefined>();
  return {
    tariffOn(date) {
      if (!tariffs.has(date)) tariffs.set(date, versionInForce(config.tariffs, date));
      return tariffs.get(date);
    },
    hospitalsOn(date) {
      if (!registers.has(date)) {
        const register = versionInForce(config.registers, date);
        registers.set(date, register && { registerVersionId: `${register.id}@${register.version}`, hospitals: indexRegister(register, date) });
      }
      return registers.get(date);
    },
  };
}

/** The days of a period `YYYY-MM`, as YYYY-MM-DD. */
export function daysOfPeriod(period: string): string[] {
  const [y, m] = period.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${period}-${String(i + 1).padStart(2, "0")}`);
}

/**
 * The versions in force on any day of a period, as a stable key: closing a period again with the same
 * key would change nothing, so the close is a no-op; a new tariff or register version makes a new key.
 */
export function configKeyOf(config: PricingConfig, period: string): { key: string; tariffVersionIds: string[] } {
  const lookup = createPricingLookup(config);
  const tariffIds = new Set<string>();
  const registerIds = new Set<string>();
  for (const day of daysOfPeriod(period)) {
    const t = lookup.tariffOn(day);
    if (t) tariffIds.add(t.versionId);
    const r = lookup.hospitalsOn(day);
    if (r) registerIds.add(r.registerVersionId);
  }
  const tariffVersionIds = [...tariffIds].sort();
  return { key: `tariff=${tariffVersionIds.join(",")};register=${[...registerIds].sort().join(",")}`, tariffVersionIds };
}

/** A source over given versions; `current` is read on every call, so a test can swap in a new tariff. */
export function staticConfigSource(current: () => PricingConfig): PricingConfigSource {
  return {
    lookup: async () => createPricingLookup(current()),
    configKey: async (period) => configKeyOf(current(), period),
    invalidate: () => {},
  };
}

/** Compiles tariff objects, failing loudly (a tariff that does not compile must never be published). */
export function compileAll(tariffs: readonly unknown[]): CompiledTariff[] {
  return tariffs.map((t) => {
    const compiled = compileTariff(t);
    if (!compiled.ok) throw new Error(`tariff does not compile: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    return compiled.tariff;
  });
}

/** The demo tariff and register of @casemix/pricing: the source until published versions are served. */
export function demoPricingConfig(): PricingConfig {
  const tariff = loadDemoTariff();
  const register = loadDemoRegister();
  if (!tariff.ok) throw new Error("demo tariff does not load");
  if (!register.ok) throw new Error("demo register does not load");
  return { tariffs: compileAll([tariff.value]), registers: [register.value] };
}
