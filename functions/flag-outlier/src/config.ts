import { compileTariff, indexRegister, loadDemoRegister, loadDemoTariff, type CompiledTariff } from "@casemix/pricing";

/**
 * Where flag-outlier finds the trim points of the tariff a claim was priced with, and a hospital's
 * class. Until admin-config publishes versions, the default is the committed demo tariff and register
 * of @casemix/pricing (the ones price uses); tests and other deployments pass their own.
 */
export type OutlierConfig = {
  /** The compiled tariff of a version id (`<id>@<version>`), or undefined when unknown. */
  tariff(versionId: string): CompiledTariff | undefined;
  /** The hospital's class on a date, or undefined when the register does not know it. */
  hospitalClass(hospitalCode: string, date: string): string | undefined;
};

/** A config over given tariffs and a class lookup. */
export function createStaticConfig(tariffs: readonly CompiledTariff[], classOf: (code: string, date: string) => string | undefined): OutlierConfig {
  const byId = new Map(tariffs.map((t) => [t.versionId, t]));
  return { tariff: (id) => byId.get(id), hospitalClass: classOf };
}

/** The demo tariff and register shipped with @casemix/pricing. */
export function createDemoConfig(): OutlierConfig {
  const tariff = loadDemoTariff();
  const register = loadDemoRegister();
  if (!tariff.ok || !register.ok) throw new Error("the demo tariff or register of @casemix/pricing does not load");
  const compiled = compileTariff(tariff.value);
  if (!compiled.ok) throw new Error(`the demo tariff does not compile: ${compiled.issues[0]?.message}`);
  const indexes = new Map<string, ReturnType<typeof indexRegister>>();
  return createStaticConfig([compiled.tariff], (code, date) => {
    let index = indexes.get(date);
    if (!index) indexes.set(date, (index = indexRegister(register.value, date)));
    return index.get(code)?.hospitalClass;
  });
}
