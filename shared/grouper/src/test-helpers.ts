import { compileDefinition, type CompiledDefinition } from "./compile.ts";
import { demoDefinitionDir } from "./demo.ts";
import { loadPackage } from "./load-package.ts";
import type { Claim } from "./types.ts";

/** The compiled demo definition; throws with the issues when it does not load. */
export function demo(): CompiledDefinition {
  const r = loadPackage(demoDefinitionDir);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compileDefinition(r.package);
}

/** An adult male claim with no codes, overridden by `c`. */
export function claim(c: Partial<Claim>): Claim {
  return {
    sex: "M", ageYears: 60, ageDays: null, birthWeight: null, los: 3, dischargeStatus: "1", department: null,
    principalDx: null, secondaryDx: [], procedures: [], ...c,
  };
}
