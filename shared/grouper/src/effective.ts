import type { Manifest } from "./types.ts";

/**
 * True when a definition's effective range covers `date` (`YYYY-MM-DD`, e.g. a discharge date in
 * Asia/Kuala_Lumpur). Both ends are inclusive; `effectiveTo: null` is open-ended.
 */
export function isEffectiveOn(manifest: Pick<Manifest, "effectiveFrom" | "effectiveTo">, date: string): boolean {
  return date >= manifest.effectiveFrom && (manifest.effectiveTo === null || date <= manifest.effectiveTo);
}
