import { execFileSync } from "node:child_process";
import { isBuiltin } from "node:module";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "rolldown";

/** Where `npm run build` writes the bundles: `dist/functions/<name>.mjs`, shared chunks beside them. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const defaultBundleDir = join(repoRoot, "dist", "functions");

/**
 * Packages left out of the bundles and loaded from node_modules as usual: they load files beside their
 * own code (PGlite's WASM and data, pdfkit's standard fonts through its `#standard-fonts` imports, ssh2's
 * and DuckDB's native addons, pg-native is pg's optional addon).
 */
const EXTERNAL = ["@electric-sql/pglite", "pdfkit", "ssh2", "ssh2-sftp-client", "cpu-features", "@duckdb/node-api", "@duckdb/node-bindings", "pg-native"];

export type BundleOptions = {
  /** Output folder (default dist/functions). Emptied first. */
  outDir?: string;
  /** Functions to bundle (default: every folder under functions/ with src/function.ts). */
  names?: readonly string[];
};

/** One output file of the build, as rolldown reports it: what the image build needs to know of it. */
export type BundleChunk = {
  fileName: string;
  /** Static and dynamic imports: other chunks (by file name) and externals (by specifier). */
  imports: string[];
  /** The modules inlined into it (absolute paths; virtual modules start with a NUL). */
  moduleIds: string[];
  /** Its source map's file name, if it has one. */
  sourcemap: string | null;
};

export type BundleResult = {
  outDir: string;
  files: Record<string, string>;
  ms: number;
  chunks: BundleChunk[];
  /** Our own modules whose `import.meta.url` was rewritten (sourceRelativeUrls): they read files beside their source. */
  sourceRelativeModules: string[];
};

/**
 * Bundles each function into the one file its image runs (`node dist/functions/<name>.mjs`), the
 * function's code, the shared packages and their npm dependencies together, split where code is loaded
 * on demand (kafkajs, ioredis, ...) and shared between functions.
 *
 * Why: a cold start from TypeScript source spent ~0.3 of its ~0.85 s before any of our code ran:
 * Node's type stripping (amaro, ~110 ms), resolving and format-detecting ~900 files, and the CommonJS
 * lexer. The internal packages stay TypeScript source with no build step for development and tests;
 * only what a Knative Service runs is built.
 *
 * @example
 * const { files } = await bundleFunctions();   // files.intake === ".../dist/functions/intake.mjs"
 */
export async function bundleFunctions({ outDir = defaultBundleDir, names }: BundleOptions = {}): Promise<BundleResult> {
  const t0 = performance.now();
  const all = await functionNames();
  const chosen = names ?? all;
  const unknown = chosen.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`no function ${unknown.join(", ")} under functions/ (have: ${all.join(", ")})`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const rewritten = new Set<string>();
  const out = await build({
    input: Object.fromEntries(chosen.map((n) => [n, `${ENTRY_PREFIX}${n}`])),
    platform: "node",
    external: (id) => EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`)),
    plugins: [functionEntries(), builtinsWithoutFacade(), sourceRelativeUrls(outDir, rewritten)],
    logLevel: "silent",
    output: {
      dir: outDir,
      format: "esm",
      entryFileNames: "[name].mjs",
      // Chunks sit beside the entries, so every output file is at the same depth (sourceRelativeUrls).
      chunkFileNames: "chunk-[name]-[hash].mjs",
      // Minified: V8 parses half the bytes at each cold start (intake's ready 630 -> 505 ms, same run).
      // Names kept, since libraries compare error names (kafkajs: `this.name = this.constructor.name`);
      // source maps beside the bundles turn stack traces back into source lines (--enable-source-maps).
      minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: { function: true, class: true } } },
      sourcemap: true,
      // CommonJS dependencies call require() for Node built-ins; an ES module has none of its own.
      banner: 'import { createRequire as __casemixCreateRequire } from "node:module"; const require = __casemixCreateRequire(import.meta.url);',
    },
  });
  const files = Object.fromEntries(chosen.map((n) => [n, join(outDir, `${n}.mjs`)]));
  const chunks = out.output.flatMap((o) =>
    o.type === "chunk" ? [{ fileName: o.fileName, imports: [...o.imports, ...o.dynamicImports], moduleIds: [...o.moduleIds], sourcemap: o.sourcemapFileName }] : [],
  );
  return { outDir, files, ms: Math.round(performance.now() - t0), chunks, sourceRelativeModules: [...rewritten].sort() };
}

/** The folders under functions/ that hold a function (src/function.ts). */
export async function functionNames(): Promise<string[]> {
  const dir = join(repoRoot, "functions");
  const names = await readdir(dir);
  const found: string[] = [];
  for (const name of names.sort()) {
    const files = await readdir(join(dir, name, "src")).catch(() => [] as string[]);
    if (files.includes("function.ts")) found.push(name);
  }
  return found;
}

const ENTRY_PREFIX = "\0casemix-function:";

/** A virtual entry per function: its module, run until SIGTERM by the runtime. */
function functionEntries(): Plugin {
  const runtime = join(repoRoot, "shared", "runtime", "src", "index.ts");
  return {
    name: "casemix-function-entries",
    resolveId: (id) => (id.startsWith(ENTRY_PREFIX) ? id : null),
    load(id) {
      if (!id.startsWith(ENTRY_PREFIX)) return null;
      const fn = join(repoRoot, "functions", id.slice(ENTRY_PREFIX.length), "src", "function.ts");
      return [
        `import { runFunctionUntilStopped } from ${JSON.stringify(runtime)};`,
        `import fn from ${JSON.stringify(fn)};`,
        "await runFunctionUntilStopped(fn, process.env);",
        // Open handles (a pool's idle timer, a keep-alive socket) must not keep a stopped function alive.
        "process.exit(0);",
      ].join("\n");
    },
  };
}

/**
 * Our own modules find files beside their source (`new URL("../migrations/", import.meta.url)`): in a
 * bundle `import.meta.url` is the bundle's, so each use is rewritten to the module's source URL, as a
 * path relative to the output folder (the bundle keeps working when the tree moves, as in an image).
 */
function sourceRelativeUrls(outDir: string, rewritten: Set<string>): Plugin {
  return {
    name: "casemix-source-relative-urls",
    transform(code, id) {
      if (!id.startsWith(repoRoot) || id.includes(`${sep}node_modules${sep}`) || !code.includes("import.meta.url")) return null;
      const rel = relative(outDir, id).split(sep).join("/");
      rewritten.add(id);
      return { code: code.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`) };
    },
  };
}

const BUILTIN_PREFIX = "\0casemix-builtin:";

/** Lazy getters of built-ins that load much on first read: node:http's load undici. */
const LAZY_BUILTIN_EXPORTS: Record<string, string[]> = {
  "node:http": ["WebSocket", "CloseEvent", "MessageEvent"],
};

/**
 * An ES module import of a Node built-in (`import { createServer } from "node:http"`) makes Node build
 * the built-in's ES module facade, which reads every export, lazy getters included: node:http's
 * `WebSocket`, `CloseEvent` and `MessageEvent` getters load all of undici (http2, assert, the fetch
 * dispatcher), ~95 ms of every cold start, although no function uses them there (measured with
 * --cpu-prof on group's start). Each such import is served instead from a module that takes the
 * built-in from `process.getBuiltinModule` (the CommonJS object, no facade) and re-exports its
 * exports but the costly lazy ones below: those are never read, and an import of one fails the build
 * rather than a start.
 */
export function builtinsWithoutFacade(): Plugin {
  return {
    name: "casemix-builtins-without-facade",
    resolveId(id, importer, extra) {
      if (id.startsWith(BUILTIN_PREFIX)) return id;
      if (!importer || (extra.kind !== "import-statement" && extra.kind !== "dynamic-import") || !isBuiltin(id)) return null;
      return `${BUILTIN_PREFIX}${id.startsWith("node:") ? id : `node:${id}`}`;
    },
    async load(id) {
      if (!id.startsWith(BUILTIN_PREFIX)) return null;
      const name = id.slice(BUILTIN_PREFIX.length);
      const skip = LAZY_BUILTIN_EXPORTS[name] ?? [];
      const values = (await builtinExportNames(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== "default" && !skip.includes(key));
      return {
        code: [
          `const m = process.getBuiltinModule(${JSON.stringify(name)});`,
          "export default m;",
          ...values.map((key) => `export const ${key} = m.${key};`),
        ].join("\n"),
        moduleSideEffects: false,
      };
    },
  };
}

let cleanExports: Promise<Record<string, string[]>> | undefined;

/**
 * The export names of a built-in as a function's own process sees them: read once per build in a fresh
 * Node process started from a file, with no IPC channel and no NODE_OPTIONS. Read in the building
 * process they depend on how that process was started: under a test runner's forked worker `process`
 * has `send`, `channel`, `connected`..., and the bundles (so the image digests) differed from a build
 * run from the command line (issue 21: group's image got another digest under vitest).
 *
 * @example
 * await builtinExportNames("node:process")   // [..., "env", "argv", ...], never "send"
 */
export function builtinExportNames(name: string): Promise<string[]> {
  cleanExports ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-builtins-"));
    const file = join(dir, "exports.cjs");
    await writeFile(
      file,
      'const { builtinModules } = require("node:module"); const out = {};\n' +
        'for (const n of builtinModules) { const id = n.startsWith("node:") ? n : `node:${n}`; try { out[id] = Object.keys(process.getBuiltinModule(id)); } catch {} }\n' +
        "process.stdout.write(JSON.stringify(out));\n",
    );
    try {
      const out = execFileSync(process.execPath, [file], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "ignore"] });
      return JSON.parse(out) as Record<string, string[]>;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return cleanExports.then((all) => {
    const names = all[name];
    if (!names) throw new Error(`${name} is not a built-in module of ${process.version}`);
    return names;
  });
}
