import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { BundleChunk } from "../bundle.ts";
import { dependencyClosure, packageName, packageOfFile, resolveFrom, type Lock } from "./lockfile.ts";
import { traceSources, workerEntries } from "./runtime-sources.ts";

/** What one function's image holds besides Node, as paths relative to the repository root. */
export type FunctionFiles = {
  /** The bundle's own files: the entry, every chunk it imports (statically or on demand), their source maps. */
  bundle: string[];
  /** Installed npm packages copied as they are (lock keys): the externals and their dependencies. */
  packages: string[];
  /** Workspace packages copied as source (lock keys such as shared/db): they read files beside their code. */
  workspaces: string[];
  /** node_modules links to workspace packages (node_modules/@casemix/x). */
  links: string[];
  /** npm packages inlined into the bundle (lock keys), for the SBOM. */
  inlined: string[];
  /** Workspace packages inlined into the bundle (lock keys such as shared/grouper), for the SBOM. */
  ownInlined: string[];
};

export type FunctionFilesInput = {
  name: string;
  root: string;
  outDir: string;
  chunks: readonly BundleChunk[];
  sourceRelativeModules: readonly string[];
  lock: Lock;
};

const posix = (path: string): string => path.split(sep).join("/");

/**
 * The files a function's bundle needs at run time, from what rolldown reported of the build:
 * - its chunks, followed from the entry through static and dynamic imports;
 * - the externals those chunks import, resolved from the bundle folder, with their dependencies;
 * - each workspace package one of whose modules in those chunks finds files beside its source
 *   (`new URL("../migrations/", import.meta.url)`), copied whole but for tests and benchmarks;
 * - the source of each worker thread those modules start (the PGlite worker), traced through its
 *   imports: the workspace packages it reaches and the npm packages it imports, with their dependencies.
 */
export function functionFiles({ name, root, outDir, chunks, sourceRelativeModules, lock }: FunctionFilesInput): FunctionFiles {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const externals = new Set<string>();
  const todo = [`${name}.mjs`];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const chunk = byFile.get(file);
    if (!chunk) throw new Error(`the bundle of ${name} imports ${file}, which the build did not write`);
    seen.add(file);
    for (const imported of chunk.imports) {
      if (byFile.has(imported)) todo.push(imported);
      else if (!imported.startsWith("node:")) externals.add(packageName(imported));
    }
  }
  const modules = [...seen].flatMap((f) => byFile.get(f)!.moduleIds);
  const bundleDir = posix(relative(root, outDir));
  const bundle = [...seen].flatMap((f) => [f, byFile.get(f)!.sourcemap ?? []].flat().map((file) => `${bundleDir}/${file}`)).sort();

  const start: string[] = [];
  for (const ext of [...externals].sort()) {
    const key = resolveFrom(lock, bundleDir, ext);
    if (!key) throw new Error(`${name} imports ${ext}, which is not installed`);
    start.push(key);
  }
  const rewritten = new Set(sourceRelativeModules);
  const workspaceSet = new Set<string>();
  const linkSet = new Set<string>();
  const inlined = new Set<string>();
  const ownInlined = new Set<string>();
  const workers: string[] = [];
  for (const id of modules) {
    if (id.startsWith("\0")) continue;
    const key = packageOfFile(lock, posix(relative(root, id)));
    if (!key) continue;
    if (key.includes("node_modules/")) inlined.add(key);
    else ownInlined.add(key);
    if (!key.includes("node_modules/") && rewritten.has(id)) {
      workspaceSet.add(key);
      workers.push(...workerEntries(id));
    }
  }
  // Worker threads run from source: their files, the workspaces they reach and the packages they import.
  const pending = [...workers];
  while (pending.length > 0) {
    const graph = traceSources(pending.splice(0));
    for (const file of graph.files) {
      const key = packageOfFile(lock, posix(relative(root, file)));
      if (!key || key.includes("node_modules/")) throw new Error(`${name}: a worker loads ${file}, outside the workspace packages`);
      workspaceSet.add(key);
    }
    for (const { from, specifier } of graph.bare) {
      const fromKey = packageOfFile(lock, posix(relative(root, from)))!;
      const key = resolveFrom(lock, fromKey, packageName(specifier));
      if (!key) throw new Error(`${name}: ${relative(root, from)} imports ${specifier}, which is not installed`);
      const entry = lock[key]!;
      if (!entry.link) start.push(key);
      else if (!linkSet.has(key)) {
        linkSet.add(key);
        workspaceSet.add(entry.resolved!);
        pending.push(workspaceEntry(root, entry.resolved!));
      }
    }
  }
  const closure = dependencyClosure(lock, root, start);
  const packages = closure.packages;
  const workspaces = [...workspaceSet].sort();
  const links = [...linkSet].sort();
  return { bundle, packages, workspaces, links, inlined: [...inlined].filter((k) => !packages.includes(k)).sort(), ownInlined: [...ownInlined].sort() };
}

/** The file a workspace package's `exports["."]` (or `main`) names: where a bare import of it starts. */
function workspaceEntry(root: string, key: string): string {
  const pkg = JSON.parse(readFileSync(join(root, key, "package.json"), "utf8")) as { exports?: string | Record<string, string>; main?: string };
  const entry = typeof pkg.exports === "string" ? pkg.exports : (pkg.exports?.["."] ?? pkg.main ?? "index.js");
  return join(root, key, entry);
}
