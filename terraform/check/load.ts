import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";

/** One parsed .tf file: its path below terraform/ and hcl2json's JSON of it. */
export type TfFile = { path: string; json: Record<string, any> };

/** A module folder (e.g. `modules/postgres`, or `.`, the root every environment applies) and its files, merged. */
export type TfModule = { dir: string; files: TfFile[] };

/** One environment: `envs/<name>.tfvars` (its values) and `envs/<name>.backend.hcl` (where its state is), parsed. */
export type TfEnv = { name: string; vars?: Record<string, any>; backend?: Record<string, any> };

/** Everything below terraform/: the modules (the root among them) and the environments. */
export type TfTree = { modules: TfModule[]; envs: TfEnv[] };

const envFile = /^envs\/([a-z]+)\.(tfvars|backend\.hcl)$/;

export const terraformRoot = new URL("..", import.meta.url).pathname;

/** Every .tf, .tfvars and .hcl file below terraform/, as text, keyed by path relative to terraform/. */
export function readSources(root = terraformRoot): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(tf|tfvars|hcl)$/.test(name)) out.set(relative(root, full), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return out;
}

// Parsed texts by path and content: the policy-flip tests reparse the whole tree with one file changed.
const parsed = new Map<string, Record<string, any>>();

/**
 * Parses every source with a real HCL parser (the one cdktf uses); a syntax error rejects, and so does
 * an .hcl or .tfvars file that is not an environment's (it would otherwise go unchecked).
 */
export async function parseSources(sources: Map<string, string>): Promise<TfTree> {
  const byDir = new Map<string, TfFile[]>();
  const envs = new Map<string, TfEnv>();
  for (const [path, text] of sources) {
    const key = `${path}\0${text}`;
    const json = parsed.get(key) ?? (await parse(path, text));
    parsed.set(key, json);
    if (path.endsWith(".tf")) {
      const dir = path.split("/").slice(0, -1).join("/") || ".";
      byDir.set(dir, [...(byDir.get(dir) ?? []), { path, json }]);
      continue;
    }
    const match = envFile.exec(path);
    if (!match) throw new Error(`${path}: not an environment's envs/<env>.tfvars or envs/<env>.backend.hcl`);
    const env = envs.get(match[1]) ?? { name: match[1] };
    envs.set(env.name, match[2] === "tfvars" ? { ...env, vars: json } : { ...env, backend: json });
  }
  return { modules: [...byDir].map(([dir, files]) => ({ dir, files })), envs: [...envs.values()] };
}

/** All blocks of one kind in a module: `blocks(m, "resource", "aws_s3_bucket")` -> [[name, body]]. */
export function blocks(m: TfModule, kind: string, type?: string): [string, Record<string, any>][] {
  const out: [string, Record<string, any>][] = [];
  for (const f of m.files) {
    const section = f.json[kind];
    if (!section) continue;
    if (kind === "variable" || kind === "module" || kind === "output") {
      for (const [name, list] of Object.entries(section)) out.push([name, (list as any[])[0]]);
      continue;
    }
    for (const [t, byName] of Object.entries(section)) {
      if (type !== undefined && t !== type) continue;
      for (const [name, list] of Object.entries(byName as Record<string, any[]>)) out.push([`${t}.${name}`, list[0]]);
    }
  }
  return out;
}

/** The merged `locals` of a module. */
export function locals(m: TfModule): Record<string, any> {
  return Object.assign({}, ...m.files.flatMap((f) => (f.json.locals ?? []) as Record<string, any>[]));
}
