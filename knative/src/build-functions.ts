/**
 * `npm run build`: bundles every function into dist/functions/<name>.mjs, the file its image runs.
 *
 *   npx node knative/src/build-functions.ts [name ...]
 */
import { stat } from "node:fs/promises";
import { relative } from "node:path";
import { bundleFunctions, repoRoot } from "./bundle.ts";

const names = process.argv.slice(2);
const { files, ms } = await bundleFunctions(names.length > 0 ? { names } : {});
for (const [name, file] of Object.entries(files)) {
  console.log(`${name.padEnd(14)} ${relative(repoRoot, file)}  ${((await stat(file)).size / 1024).toFixed(0)} KiB`);
}
console.log(`bundled ${Object.keys(files).length} functions in ${ms} ms`);
