import { compileDefinition, demoDefinitionDir, loadPackage, type CompiledDefinition } from "@casemix/grouper";
import { loadDemoRegister } from "@casemix/pricing";
import type { RegisterEntry } from "./claim-edits.ts";

/** The configuration validate edits with, and the version ids it records. */
export type EditConfig = {
  definition: CompiledDefinition;
  definitionVersion: string;
  hospitals: ReadonlyMap<string, readonly RegisterEntry[]>;
  registerVersion: string;
};

let demo: EditConfig | undefined;

/**
 * The definition and hospital register in force. TODO(rewire): the published versions will live in
 * tables owned by admin-config / pricing (config versions with effective ranges); until those exist
 * this returns the built-in demo definition and the demo register of shared/pricing. It is the one
 * place to change: callers only see an EditConfig. Compiled once per process (about 1 ms for the
 * demo; the CHS-DRG tables take longer, which is why a process keeps it).
 */
export async function configInForce(_date: string): Promise<EditConfig> {
  if (demo) return demo;
  const loaded = loadPackage(demoDefinitionDir);
  if (!loaded.ok) throw new Error(`demo definition does not load: ${loaded.issues.map((i) => i.message).join("; ")}`);
  const register = loadDemoRegister();
  if (!register.ok) throw new Error("demo register does not load");
  demo = {
    definition: compileDefinition(loaded.package),
    definitionVersion: `${loaded.package.manifest.id}-${loaded.package.manifest.version}`,
    hospitals: indexHospitals(register.value.hospitals),
    registerVersion: `${register.value.id}.${register.value.version}`,
  };
  return demo;
}

/** A published definition or code set makes the next chunk load the configuration again. */
export function forgetConfig(): void {
  demo = undefined;
}

export function indexHospitals(hospitals: readonly ({ code: string } & RegisterEntry)[]): Map<string, RegisterEntry[]> {
  const index = new Map<string, RegisterEntry[]>();
  for (const h of hospitals) {
    const list = index.get(h.code) ?? [];
    list.push({ effectiveFrom: h.effectiveFrom, effectiveTo: h.effectiveTo });
    index.set(h.code, list);
  }
  return index;
}
