import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, resolve } from "node:path";

/**
 * Source files that a bundled module starts at run time rather than imports: a worker thread
 * (`new Worker(new URL("./pglite-thread.ts", import.meta.url))`). Node runs them from source (type
 * stripping), so they and everything they import must be in the image as files.
 */
export function workerEntries(moduleFile: string, code = readFileSync(moduleFile, "utf8")): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/new\s+Worker\(\s*new\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)) {
    found.push(resolve(dirname(moduleFile), m[1]!));
  }
  return found;
}

/**
 * The import specifiers of a module's source that remain at run time (`import type` is erased).
 *
 * @example
 * importSpecifiers('import type { A } from "a";\nimport { b } from "./b.ts";') // ["./b.ts"]
 */
export function importSpecifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?!type\s)[^;'"]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

export type SourceGraph = { files: string[]; bare: { from: string; specifier: string }[] };

/** Follows relative imports from `entries`: the files reached, and the package imports each makes. */
export function traceSources(entries: readonly string[]): SourceGraph {
  const files = new Set<string>();
  const bare: { from: string; specifier: string }[] = [];
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importSpecifiers(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) todo.push(resolve(dirname(file), spec));
      else if (!isBuiltin(spec)) bare.push({ from: file, specifier: spec });
    }
  }
  return { files: [...files].sort(), bare };
}
