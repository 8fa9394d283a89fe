import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importSpecifiers, traceSources, workerEntries } from "./runtime-sources.ts";

describe("sources a bundle starts at run time", () => {
  it("a Worker started from a URL beside the module is found, resolved against the module", () => {
    const code = 'const w = new Worker(new URL("./pglite-thread.ts", import.meta.url), { workerData });';
    expect(workerEntries("/repo/shared/db/src/pglite-worker.ts", code)).toEqual(["/repo/shared/db/src/pglite-worker.ts".replace("pglite-worker", "pglite-thread")]);
  });

  it("type-only imports are erased and not followed; value, side-effect and dynamic imports are", () => {
    const code = [
      'import type { PGlite } from "@electric-sql/pglite";',
      'import { PGlite as P, type QueryOptions } from "@electric-sql/pglite";',
      'import "./setup.ts";',
      'export { x } from "./x.ts";',
      'const m = await import("./lazy.ts");',
    ].join("\n");
    expect(importSpecifiers(code).sort()).toEqual(["./lazy.ts", "./setup.ts", "./x.ts", "@electric-sql/pglite"]);
  });

  it("tracing follows relative imports and reports package imports, built-ins left out", () => {
    const dir = mkdtempSync(join(tmpdir(), "trace-"));
    writeFileSync(join(dir, "a.ts"), 'import { b } from "./b.ts";\nimport { readFile } from "node:fs/promises";');
    writeFileSync(join(dir, "b.ts"), 'import { z } from "zod";\nexport const b = 1;');
    const graph = traceSources([join(dir, "a.ts")]);
    expect(graph.files).toEqual([join(dir, "a.ts"), join(dir, "b.ts")]);
    expect(graph.bare).toEqual([{ from: join(dir, "b.ts"), specifier: "zod" }]);
  });
});
