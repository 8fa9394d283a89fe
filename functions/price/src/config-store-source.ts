import type { ConfigStore } from "@casemix/config";
import type { CompiledTariff, Hospital } from "@casemix/pricing";
import { daysOfPeriod, type PricingConfigSource, type PricingLookup } from "./pricing-config.ts";

const notInForce = (error: unknown) => (error as { code?: string }).code === "E_CONFIG_NOT_IN_FORCE";

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (error) {
    if (notInForce(error)) return undefined;
    throw error;
  }
}

/**
 * Published tariff and register versions from the configuration store (shared/config): the store
 * resolves the version in force on each date and caches compiled versions; a chunk asks once per
 * distinct discharge date, then prices synchronously.
 */
export function configStoreSource(store: ConfigStore): PricingConfigSource {
  return {
    async lookup(dates) {
      const tariffs = new Map<string, CompiledTariff | undefined>();
      const hospitals = new Map<string, { registerVersionId: string; hospitals: ReadonlyMap<string, Hospital> } | undefined>();
      for (const date of new Set(dates)) {
        const t = await orUndefined(store.tariffFor(date));
        tariffs.set(date, t?.tariff);
        const h = await orUndefined(store.hospitalsFor(date));
        hospitals.set(date, h && { registerVersionId: `${h.register.id}@${h.register.version}`, hospitals: h.byCode });
      }
      const lookup: PricingLookup = { tariffOn: (d) => tariffs.get(d), hospitalsOn: (d) => hospitals.get(d) };
      return lookup;
    },
    async configKey(period) {
      const tariffIds = new Set<string>();
      const registerIds = new Set<string>();
      const tariffVersionIds = new Set<string>();
      for (const day of daysOfPeriod(period)) {
        const t = await store.versionFor("tariff", day);
        if (t && !tariffIds.has(t.id)) {
          tariffIds.add(t.id);
          tariffVersionIds.add((await store.tariffFor(day)).tariff.versionId);
        }
        const r = await store.versionFor("hospitals", day);
        if (r) registerIds.add(r.id);
      }
      return {
        key: `tariff=${[...tariffIds].sort().join(",")};register=${[...registerIds].sort().join(",")}`,
        tariffVersionIds: [...tariffVersionIds].sort(),
      };
    },
    invalidate: () => store.invalidate(),
  };
}
