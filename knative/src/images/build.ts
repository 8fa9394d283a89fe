import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundleFunctions, defaultBundleDir, repoRoot } from "../bundle.ts";
import { deployment } from "../settings.ts";
import { buildImage, imageSize } from "./buildah.ts";
import { functionFiles } from "./function-files.ts";
import { readLock } from "./lockfile.ts";
import { imageSbom, type BaseContents } from "./sbom.ts";
import { sbomErrors } from "./sbom-schema.ts";
import { debianPackageOf, sharedLibraries } from "./shared-libraries.ts";
import { sha256, stageApp, stageBase } from "./stage.ts";
import { mergeLock } from "./image-lock.ts";

export const imagesDir = join(repoRoot, "dist", "images");
/** The image lock Terraform's knative module reads (terraform/modules/knative): function -> image@digest. */
export const imageLockFile = join(repoRoot, "knative", "images.lock.json");

export type BuildImagesOptions = {
  /** Functions to build (default: all). */
  names?: readonly string[];
  /** Where the OCI layout, SBOMs and build context go (default dist/images). */
  outDir?: string;
  /** The repository the lock file names (default the manifests' `casemix`). */
  repository?: string;
  /** Lock file to merge the digests into (default knative/images.lock.json); null writes none. */
  lockFile?: string | null;
  /** false: no layer from Buildah's cache (default true). */
  cache?: boolean;
};

export type FunctionImage = { fn: string; image: string; digest: string; bytes: number; files: number; ms: number; sbom: string };

export type BuildImagesResult = { layout: string; images: FunctionImage[]; bundleMs: number; totalMs: number };

/**
 * Builds the OCI image of each function, offline: bundles, then per function a base layer (Node and the
 * libraries ldd names for it and for every native addon the image holds) and an /app layer (its bundle
 * files, the node_modules its externals need, the workspace files it reads beside its source), pushed
 * into one OCI layout (`<outDir>/oci`, a reference per function, shared blobs stored once), a CycloneDX
 * SBOM per image (`<outDir>/sbom/<fn>.cdx.json`) and the lock file.
 *
 * @example
 * const { images } = await buildImages({ names: ["group"] });   // images[0].digest === "sha256:..."
 */
export async function buildImages({ names, outDir = imagesDir, repository = deployment.imageRepository, lockFile = imageLockFile, cache = true }: BuildImagesOptions = {}): Promise<BuildImagesResult> {
  const t0 = performance.now();
  // Every function is bundled, whichever images are asked for: how rolldown splits shared chunks depends
  // on the set of entries, so bundling `group` alone would give group's image other files, and another
  // digest, than a build of all (measured: 511 files against 529).
  const bundle = await bundleFunctions({ outDir: defaultBundleDir });
  const chosen = names ?? Object.keys(bundle.files);
  const unknown = chosen.filter((n) => !(n in bundle.files));
  if (unknown.length > 0) throw new Error(`no function ${unknown.join(", ")} (have: ${Object.keys(bundle.files).join(", ")})`);
  const lock = readLock(repoRoot);
  const context = join(outDir, "context");
  const layout = join(outDir, "oci");
  // A fresh layout each build: what it holds is this build's images, with no blobs of earlier ones.
  await rm(layout, { recursive: true, force: true });
  await mkdir(join(outDir, "sbom"), { recursive: true });
  const node = join(repoRoot, "node_modules", "node", "bin", "node");
  const nodeVersion = (JSON.parse(await readFile(join(repoRoot, "node_modules", "node", "package.json"), "utf8")) as { version: string }).version;
  const images: FunctionImage[] = [];
  for (const fn of chosen) {
    const files = functionFiles({ name: fn, root: repoRoot, outDir: bundle.outDir, chunks: bundle.chunks, sourceRelativeModules: bundle.sourceRelativeModules, lock });
    const staged = await stageApp(repoRoot, join(context, fn), files, lock);
    const addons = await nativeAddons(join(context, fn), files.packages);
    const libraries = sharedLibraries([node, ...addons]);
    // Staged again for each function, whose addons may need more libraries; functions with the same set
    // (most have no addon) get the same base layer, byte for byte.
    const baseDir = join(context, "base");
    await stageBase(baseDir, node, libraries);
    const version = deployment.imageTag;
    const built = await buildImage(context, layout, fn, version, { cache });
    const image = `${repository}/${fn}`;
    const base: BaseContents = {
      node: { version: nodeVersion, sha256: await sha256(node), path: "/usr/local/bin/node" },
      libraries: await Promise.all(libraries.map(async (path) => ({ path, sha256: await sha256(path), deb: debianPackageOf(path) }))),
    };
    const sbom = join(outDir, "sbom", `${fn}.cdx.json`);
    const document = imageSbom({ fn, image, version, digest: built.digest, files, base, lock, root: repoRoot });
    const invalid = sbomErrors(document);
    if (invalid.length > 0) throw new Error(`the SBOM of ${fn} is not valid CycloneDX 1.6:\n  ${invalid.join("\n  ")}`);
    await writeFile(sbom, document);
    images.push({ fn, image, digest: built.digest, bytes: await imageSize(layout, built.digest), files: staged.files, ms: built.ms, sbom });
  }
  if (lockFile) await mergeLock(lockFile, images);
  return { layout, images, bundleMs: bundle.ms, totalMs: Math.round(performance.now() - t0) };
}

/** Native addons (`.node` files) in the staged packages: ldd names their libraries too. */
async function nativeAddons(appDir: string, packages: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of packages) {
    const entries = await readdir(join(appDir, key), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile() && e.name.endsWith(".node")) found.push(join(e.parentPath, e.name));
  }
  return found.sort();
}
