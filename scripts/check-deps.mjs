#!/usr/bin/env node
// Proves that every dependency has one version across the workspace: two copies of `cloudevents`
// would break `instanceof CloudEvent`, two of zod would split schema identities.
// 1. Every package.json that names a dependency names the same version of it.
// 2. The lockfile installs at most one copy of each package the workspace depends on directly.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const manifests = [["(root)", rootPkg]];
for (const pattern of rootPkg.workspaces) {
  const dirs = pattern.endsWith("/*")
    ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(pattern.slice(0, -2), d.name))
    : [pattern];
  for (const dir of dirs) {
    const file = join(root, dir, "package.json");
    if (existsSync(file)) manifests.push([dir, JSON.parse(readFileSync(file, "utf8"))]);
  }
}

const specs = new Map();
for (const [where, pkg] of manifests) {
  for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (!specs.has(name)) specs.set(name, new Map());
      const bySpec = specs.get(name);
      bySpec.set(spec, [...(bySpec.get(spec) ?? []), where]);
    }
  }
}

const problems = [];
for (const [name, bySpec] of specs) {
  if (bySpec.size > 1) {
    problems.push(`${name} is declared with ${bySpec.size} versions: ` + [...bySpec].map(([s, w]) => `${s} (${w.join(", ")})`).join("; "));
  }
}

const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));

// Command-line tools run as processes of their own (the API reference's linter, the Postman collection
// converter and runner): nothing of ours is handed to their code, so a copy of a package that only
// they can load splits no identity. A copy is theirs when the package that holds it is reached from
// them alone, never from what the workspace's code imports.
const TOOLS = new Set(["@redocly/cli", "openapi-to-postmanv2", "newman"]);
const packages = lock.packages ?? {};
/** The lockfile path `name` resolves to from `from` (Node's lookup: nearest node_modules upwards). */
function resolveFrom(from, name) {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    const i = dir.lastIndexOf("/node_modules/");
    if (dir === "") return undefined;
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}
const reached = new Set();
const visit = (path) => {
  if (!path || reached.has(path)) return;
  reached.add(path);
  const entry = packages[path];
  for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) visit(resolveFrom(path, dep));
};
for (const [name] of specs) if (!TOOLS.has(name)) visit(resolveFrom("", name));
for (const [path, entry] of Object.entries(packages)) if (entry.link) visit(entry.resolved);

const copies = new Map();
for (const [path, entry] of Object.entries(packages)) {
  const i = path.lastIndexOf("node_modules/");
  if (i < 0 || entry.link) continue;
  const name = path.slice(i + "node_modules/".length);
  if (!specs.has(name)) continue;
  if (!reached.has(path)) continue;
  copies.set(name, [...(copies.get(name) ?? []), `${entry.version} at ${path}`]);
}
for (const [name, where] of copies) {
  if (where.length > 1) problems.push(`${name} is installed ${where.length} times: ${where.join("; ")}`);
}

if (problems.length > 0) {
  console.error(`dependency check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`dependency check: ${specs.size} dependencies, one version each across ${manifests.length} manifests and the lockfile`);
