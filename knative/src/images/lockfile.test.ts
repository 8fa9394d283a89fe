import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dependencyClosure, packageName, packageOfFile, resolveFrom, type Lock } from "./lockfile.ts";

const lock: Lock = {
  "": { name: "root" },
  "shared/db": { name: "@casemix/db", version: "0.1.0", dependencies: { pg: "1" } },
  "node_modules/@casemix/db": { link: true, resolved: "shared/db" },
  "node_modules/pg": { version: "8.0.0", dependencies: { "pg-types": "2", split: "1" }, optionalDependencies: { "pg-native": "3" } },
  "node_modules/pg/node_modules/pg-types": { version: "2.0.0" },
  "node_modules/pg-types": { version: "4.0.0" },
  "node_modules/split": { version: "1.0.0" },
  "node_modules/pg-native": { version: "3.0.0", optional: true },
};

/** A folder with the lock's packages installed, but for those named in `absent`. */
function installed(absent: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), "lock-"));
  for (const key of Object.keys(lock)) if (key && !absent.includes(key)) mkdirSync(join(root, key), { recursive: true });
  return root;
}

describe("package-lock resolution", () => {
  it("a package's own nested copy wins over the hoisted one, as Node resolves it", () => {
    expect(resolveFrom(lock, "node_modules/pg", "pg-types")).toBe("node_modules/pg/node_modules/pg-types");
    expect(resolveFrom(lock, "dist/functions", "pg-types")).toBe("node_modules/pg-types");
    expect(resolveFrom(lock, "node_modules/pg", "left-pad")).toBeUndefined();
  });

  it("the package name of a deep or scoped specifier is its first one or two segments", () => {
    expect(packageName("pdfkit/js/pdfkit.standalone")).toBe("pdfkit");
    expect(packageName("@electric-sql/pglite/worker")).toBe("@electric-sql/pglite");
  });

  it("a file belongs to the innermost installed package that holds it", () => {
    expect(packageOfFile(lock, "node_modules/pg/node_modules/pg-types/index.js")).toBe("node_modules/pg/node_modules/pg-types");
    expect(packageOfFile(lock, "shared/db/src/migrate.ts")).toBe("shared/db");
    expect(packageOfFile(lock, "scripts/x.sh")).toBeUndefined();
  });

  it("the closure follows dependencies transitively and takes an optional one only where installed", () => {
    expect(dependencyClosure(lock, installed(["node_modules/pg-native"]), ["node_modules/pg"]).packages).toEqual([
      "node_modules/pg",
      "node_modules/pg/node_modules/pg-types",
      "node_modules/split",
    ]);
    expect(dependencyClosure(lock, installed(), ["node_modules/pg"]).packages).toContain("node_modules/pg-native");
  });

  it("a link is followed to its workspace and kept as a link", () => {
    const closure = dependencyClosure(lock, installed(), ["node_modules/@casemix/db"]);
    expect(closure.links).toEqual(["node_modules/@casemix/db"]);
    expect(closure.packages).toEqual(expect.arrayContaining(["shared/db", "node_modules/pg"]));
  });

  it("a required dependency that is not installed fails the build, naming both packages", () => {
    expect(() => dependencyClosure(lock, installed(["node_modules/split"]), ["node_modules/pg"])).toThrow(/node_modules\/pg depends on split/);
  });
});
