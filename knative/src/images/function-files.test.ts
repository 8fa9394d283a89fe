import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BundleChunk } from "../bundle.ts";
import { functionFiles } from "./function-files.ts";
import type { Lock } from "./lockfile.ts";

const lock: Lock = {
  "": {},
  "shared/db": { name: "@casemix/db", version: "0.1.0" },
  "node_modules/@electric-sql/pglite": { version: "0.5.16" },
  "node_modules/zod": { version: "4.6.7" },
  "node_modules/hono": { version: "4.0.0" },
  "node_modules/pdfkit": { version: "0.17.0" },
};

/** A repository with the lock's packages and the PGlite worker's sources: worker -> thread -> open -> zod. */
function repo(): string {
  const root = mkdtempSync(join(tmpdir(), "fnfiles-"));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  for (const key of Object.keys(lock)) if (key) mkdirSync(join(root, key), { recursive: true });
  write("shared/db/src/pglite-worker.ts", 'new Worker(new URL("./pglite-thread.ts", import.meta.url));');
  write("shared/db/src/pglite-thread.ts", 'import { open } from "./pglite-open.ts";\nimport type { X } from "pdfkit";');
  write("shared/db/src/pglite-open.ts", 'import { PGlite } from "@electric-sql/pglite";\nimport { z } from "zod";');
  return root;
}

const chunks = (root: string): BundleChunk[] => [
  { fileName: "group.mjs", imports: ["chunk-a.mjs", "node:fs", "@electric-sql/pglite/worker"], moduleIds: ["\0casemix-function:group"], sourcemap: "group.mjs.map" },
  { fileName: "chunk-a.mjs", imports: ["chunk-b.mjs"], moduleIds: [join(root, "shared/db/src/pglite-worker.ts"), join(root, "node_modules/hono/dist/index.js")], sourcemap: null },
  { fileName: "chunk-b.mjs", imports: [], moduleIds: [], sourcemap: "chunk-b.mjs.map" },
  { fileName: "report.mjs", imports: ["pdfkit"], moduleIds: [], sourcemap: null },
];

describe("the files of one function's image", () => {
  const root = repo();
  const files = functionFiles({
    name: "group",
    root,
    outDir: join(root, "dist/functions"),
    chunks: chunks(root),
    sourceRelativeModules: [join(root, "shared/db/src/pglite-worker.ts")],
    lock,
  });

  it("holds the chunks reachable from its entry and their source maps, not another function's", () => {
    expect(files.bundle).toEqual(["dist/functions/chunk-a.mjs", "dist/functions/chunk-b.mjs", "dist/functions/chunk-b.mjs.map", "dist/functions/group.mjs", "dist/functions/group.mjs.map"]);
  });

  it("copies the externals and what the worker's source imports, and only those", () => {
    expect(files.packages).toEqual(["node_modules/@electric-sql/pglite", "node_modules/zod"]);
  });

  it("copies the workspace whose module reads files beside its source, and lists inlined packages for the SBOM", () => {
    expect(files.workspaces).toEqual(["shared/db"]);
    expect(files.inlined).toEqual(["node_modules/hono"]);
    expect(files.ownInlined).toEqual(["shared/db"]);
  });

  it("a chunk the build did not write fails, naming it", () => {
    const broken = chunks(root).map((c) => (c.fileName === "group.mjs" ? { ...c, imports: ["chunk-gone.mjs"] } : c));
    expect(() => functionFiles({ name: "group", root, outDir: join(root, "dist/functions"), chunks: broken, sourceRelativeModules: [], lock })).toThrow(/chunk-gone.mjs/);
  });
});
