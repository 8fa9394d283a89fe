/**
 * `npm run build:images`: an OCI image per function, offline, into dist/images/oci, with a CycloneDX SBOM
 * per image (dist/images/sbom) and the digests in knative/images.lock.json.
 *
 *   npm run build:images [-- name ...] [-- --repository registry.example/casemix] [-- --out-dir dist/images] [-- --no-lock] [-- --no-cache]
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./bundle.ts";
import { buildImages } from "./images/build.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { repository: { type: "string" }, "out-dir": { type: "string" }, "no-lock": { type: "boolean", default: false }, "no-cache": { type: "boolean", default: false } },
});
const result = await buildImages({
  ...(positionals.length > 0 ? { names: positionals } : {}),
  ...(values.repository ? { repository: values.repository } : {}),
  ...(values["out-dir"] ? { outDir: resolve(values["out-dir"]) } : {}),
  ...(values["no-lock"] ? { lockFile: null } : {}),
  ...(values["no-cache"] ? { cache: false } : {}),
});
const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
for (const i of result.images) {
  console.log(`${i.fn.padEnd(14)} ${i.digest}  ${mib(i.bytes).padStart(5)} MiB  ${String(i.files).padStart(5)} files  ${(i.ms / 1000).toFixed(1)} s  ${relative(repoRoot, i.sbom)}`);
}
console.log(`built ${result.images.length} images in ${(result.totalMs / 1000).toFixed(1)} s (bundling ${(result.bundleMs / 1000).toFixed(1)} s) into ${relative(repoRoot, result.layout)}`);
