import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** An entry of package-lock.json's `packages`, as npm 7+ writes it. */
export type LockEntry = {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  link?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** package-lock.json's `packages`: key "" is the root, "node_modules/x" a package, "shared/db" a workspace. */
export type Lock = Record<string, LockEntry>;

export function readLock(root: string): Lock {
  return (JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Lock }).packages;
}

/** The package name of an import specifier: `pdfkit/js/x` -> `pdfkit`, `@a/b/c` -> `@a/b`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * The lock key Node's resolution finds for `name` required from the package at `from` (a lock key):
 * its own node_modules first, then each enclosing one up to the root's.
 */
export function resolveFrom(lock: Lock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock[key]) return key;
    if (base === "") return undefined;
    const i = base.lastIndexOf("/node_modules/");
    base = i >= 0 ? base.slice(0, i) : "";
  }
}

/** The lock key of the installed package that holds `file` (a path relative to the root), if any. */
export function packageOfFile(lock: Lock, file: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(lock)) {
    if (key !== "" && (file === key || file.startsWith(`${key}/`)) && (!best || key.length > best.length)) best = key;
  }
  return best;
}

export type Closure = {
  /** Lock keys of installed packages (not links) to copy, sorted. */
  packages: string[];
  /** Links (node_modules/@casemix/x -> shared/x) met on the way, sorted. */
  links: string[];
};

/**
 * Every package `start` needs at run time: their dependencies, optional and peer dependencies that are
 * installed, transitively, resolved as Node would from each package's folder. A missing non-optional
 * dependency is an error: the image would fail at its first import.
 */
export function dependencyClosure(lock: Lock, root: string, start: readonly string[]): Closure {
  const packages = new Set<string>();
  const links = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const key = todo.pop()!;
    const entry = lock[key];
    if (!entry) throw new Error(`package-lock.json has no ${key}`);
    if (entry.link) {
      if (links.has(key)) continue;
      links.add(key);
      todo.push(entry.resolved!);
      continue;
    }
    if (packages.has(key)) continue;
    packages.add(key);
    const wanted: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [n, true]),
    ];
    for (const [name, optional] of wanted) {
      const found = resolveFrom(lock, key, name);
      if (found && existsSync(join(root, found))) todo.push(found);
      else if (!optional) throw new Error(`${key} depends on ${name}, which is not installed`);
    }
  }
  return { packages: [...packages].sort(), links: [...links].sort() };
}
