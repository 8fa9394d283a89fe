import { join } from "node:path";
import { bundleFunctions, repoRoot } from "@casemix/knative/bundle";

/**
 * Builds the function bundles once for the whole e2e suite (the distributed tests spawn each function
 * from its bundle, as its image runs it); the test workers find them through CASEMIX_FUNCTION_BUNDLES.
 */
export default async function setup(): Promise<void> {
  const { outDir, ms } = await bundleFunctions({ outDir: join(repoRoot, "dist", "e2e-functions") });
  process.env.CASEMIX_FUNCTION_BUNDLES = outDir;
  console.log(`function bundles built in ${ms} ms: ${outDir}`);
}
