import { createConfigStore, listVersions, loadContent, type ConfigStore } from "@casemix/config";
import type { Queryable } from "@casemix/db";
import { compileTariff, type CompiledTariff } from "@casemix/pricing";

/**
 * Where flag-outlier finds the trim points of the tariff version a claim was priced with, and a
 * hospital's class. By default: the published configuration versions in the database
 * (@casemix/config), the same ones price uses; tests pass a static config.
 */
export type OutlierConfig = {
  /** The compiled tariff of a version id (`<id>@<version>`) that priced a claim discharged on `date`. */
  tariff(versionId: string, date: string): Promise<CompiledTariff | undefined>;
  /** The hospital's class on a date, or undefined when the register does not know it. */
  hospitalClass(hospitalCode: string, date: string): Promise<string | undefined>;
};

/** A config over given tariffs and a class lookup. */
export function createStaticConfig(tariffs: readonly CompiledTariff[], classOf: (code: string, date: string) => string | undefined): OutlierConfig {
  const byId = new Map(tariffs.map((t) => [t.versionId, t]));
  return { tariff: async (id) => byId.get(id), hospitalClass: async (code, date) => classOf(code, date) };
}

const notInForce = (error: unknown) => (error as { code?: string }).code === "E_CONFIG_NOT_IN_FORCE";

/**
 * The published versions through the config store: the tariff in force on the discharge date is
 * the one price used, unless a newer version was published since; then the version is found by its
 * id among the published tariffs (compiled once per process: published versions never change).
 */
export function createDbConfig(db: Queryable, store: ConfigStore): OutlierConfig {
  const byId = new Map<string, CompiledTariff>();
  const loadAll = async () => {
    for (const v of await listVersions(db, { kind: "tariff", status: "published" })) {
      const compiled = compileTariff(await loadContent(db, v.id));
      if (compiled.ok) byId.set(compiled.tariff.versionId, compiled.tariff);
    }
  };
  return {
    async tariff(versionId, date) {
      const cached = byId.get(versionId);
      if (cached) return cached;
      const inForce = await store.tariffFor(date).catch((e) => (notInForce(e) ? undefined : Promise.reject(e)));
      if (inForce?.tariff.versionId === versionId) return byId.set(versionId, inForce.tariff), inForce.tariff;
      await loadAll();
      return byId.get(versionId);
    },
    async hospitalClass(code, date) {
      return (await store.hospital(code, date))?.hospitalClass;
    },
  };
}

export { createConfigStore };
