import type { ConfigStore } from "@casemix/config";
import type { CompiledDefinition } from "@casemix/grouper";
import type { RegisterEntry } from "./claim-edits.ts";

/** The configuration validate edits with, and the version ids it records. */
export type EditConfig = {
  definition: CompiledDefinition;
  /** The `config_version` id of the definition in force (what group records too). */
  definitionVersion: string;
  /** Every hospital of the register version in force, with its own ranges (edits check the discharge date). */
  hospitals: ReadonlyMap<string, readonly RegisterEntry[]>;
  registerVersion: string;
};

/** Resolves the EditConfig in force on a date. */
export type EditConfigSource = (date: string) => Promise<EditConfig>;

/**
 * The definition and hospital register in force on `date` (the day a chunk arrived, KL time), from the
 * versioned configuration store of @casemix/config: a published definition or register takes effect
 * once the store's index is invalidated (`config.published`, or its TTL). The register is indexed by
 * code once per register version (a few versions are kept).
 */
export function createEditConfigSource(config: ConfigStore): EditConfigSource {
  const indexed = new Map<string, Map<string, RegisterEntry[]>>();
  return async (date) => {
    const [definition, register] = await Promise.all([config.definitionFor(date), config.hospitalsFor(date)]);
    let hospitals = indexed.get(register.version.id);
    if (!hospitals) {
      hospitals = indexHospitals(register.register.hospitals);
      if (indexed.size >= 4) indexed.delete(indexed.keys().next().value!);
      indexed.set(register.version.id, hospitals);
    }
    return { definition: definition.definition, definitionVersion: definition.version.id, hospitals, registerVersion: register.version.id };
  };
}

/** Hospitals by code, each with every range the register gives it. */
export function indexHospitals(hospitals: readonly ({ code: string } & RegisterEntry)[]): Map<string, RegisterEntry[]> {
  const index = new Map<string, RegisterEntry[]>();
  for (const h of hospitals) {
    const list = index.get(h.code) ?? [];
    list.push({ effectiveFrom: h.effectiveFrom, effectiveTo: h.effectiveTo });
    index.set(h.code, list);
  }
  return index;
}
