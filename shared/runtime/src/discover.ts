import { readdir, stat } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import type { FunctionModule } from "./function-module.ts";

/** The repository's root, from this file's place in it (shared/runtime/src). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Paths of `functions/<name>/src/function.ts`, by function name. */
export async function functionEntryPoints(root = repoRoot): Promise<Map<string, string>> {
  const dir = join(root, "functions");
  const found = new Map<string, string>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const entry = join(dir, name, "src", "function.ts");
    if (await stat(entry).then((s) => s.isFile(), () => false)) found.set(name, entry);
  }
  return found;
}

/**
 * Loads every function module by folder. Shared code never imports a function statically, so the
 * dependency arrow stays functions -> shared -> events; the mesh finds them at run time.
 */
export async function loadFunctionModules(root = repoRoot, only?: readonly string[]): Promise<FunctionModule[]> {
  const modules: FunctionModule[] = [];
  for (const [name, entry] of await functionEntryPoints(root)) {
    if (only && !only.includes(name)) continue;
    const mod = (await import(pathToFileURL(entry).href)) as { default?: FunctionModule };
    if (!mod.default?.create) throw new Error(`${entry} has no default export made with defineFunction()`);
    modules.push(mod.default);
  }
  return modules;
}
