import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../bundle.ts";

const run = promisify(execFile);

/** The repository's containers.conf: runc (crun fails on cgroups on these machines) and ulimits within the host's. */
export const containersConf = join(repoRoot, "knative", "containers.conf");

/** The environment of every buildah, podman and skopeo call: the repository's containers.conf. */
export const containerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CONTAINERS_CONF: containersConf });

/** The uid and gid the functions run as: no user of the base, nobody's files (distroless's `nonroot`). */
export const IMAGE_USER = "65532:65532";

/**
 * The Node flags of every function's ENTRYPOINT: source maps for stack traces, and the runtime's
 * (`RUNTIME_NODE_FLAGS` in shared/runtime/src/node-flags.ts, which says why; a test checks they agree).
 */
export const ENTRYPOINT_NODE_FLAGS = ["--enable-source-maps", "--experimental-async-context-frame"];

/**
 * The Containerfile of a function's image: Node and its libraries in one layer (the same bytes, so the
 * same layer digest, in every function's image: a registry and a node store it once), the function's
 * `/app` in a second. No shell, no package manager: nothing but what `node` runs.
 */
export function containerfile(fn: string, version: string): string {
  return [
    "FROM scratch",
    "COPY base/ /",
    `COPY ${fn}/ /app/`,
    "WORKDIR /app",
    `USER ${IMAGE_USER}`,
    "ENV NODE_ENV=production",
    `LABEL org.opencontainers.image.title="casemix-${fn}" org.opencontainers.image.version="${version}"`,
    `ENTRYPOINT ${JSON.stringify(["/usr/local/bin/node", ...ENTRYPOINT_NODE_FLAGS, `dist/functions/${fn}.mjs`])}`,
    "",
  ].join("\n");
}

export type BuiltImage = { tag: string; digest: string; ms: number };

/**
 * Builds one image from `context` (which holds base/ and <fn>/) and pushes it to the OCI layout
 * `layout` under the reference `fn`. `--timestamp 0` fixes the creation time and every file's time,
 * so the same inputs give the same digest; `--network none` keeps the build offline.
 * The digest is the OCI manifest's in the layout, the one a registry keeps when the layout is copied
 * with `skopeo copy --preserve-digests`. `cache: false` builds every layer anew (what proves reproducibility).
 */
export async function buildImage(context: string, layout: string, fn: string, version: string, { cache = true } = {}): Promise<BuiltImage> {
  const t0 = performance.now();
  const file = join(context, `${fn}.Containerfile`);
  await writeFile(file, containerfile(fn, version));
  const tag = `localhost/casemix/${fn}:${version}`;
  const env = containerEnv();
  const previous = await run("buildah", ["images", "--quiet", "--no-trunc", tag], { env }).then((r) => r.stdout.trim(), () => "");
  await run("buildah", ["build", "--quiet", "--layers", "--network", "none", "--timestamp", "0", "--pull=never", ...(cache ? [] : ["--no-cache"]), "-f", file, "-t", tag, context], { env, maxBuffer: 1 << 26 });
  const digestFile = join(context, `${fn}.digest`);
  await run("buildah", ["push", "--quiet", "--format", "oci", "--digestfile", digestFile, tag, `oci:${layout}:${fn}`], { env, maxBuffer: 1 << 26 });
  const digest = (await readFile(digestFile, "utf8")).trim();
  // The layout is the build's output; the local image is a by-product. The one this build replaced under
  // the tag would stay in containers-storage untagged, build after build: remove it (not if still in use).
  const current = await run("buildah", ["images", "--quiet", "--no-trunc", tag], { env }).then((r) => r.stdout.trim(), () => "");
  if (previous && previous !== current) await run("buildah", ["rmi", previous], { env }).catch(() => undefined);
  return { tag, digest, ms: Math.round(performance.now() - t0) };
}

/** The compressed size of one image in the OCI layout: its manifest, config and layers. */
export async function imageSize(layout: string, digest: string): Promise<number> {
  const blob = (d: string) => join(layout, "blobs", ...d.split(":"));
  const manifest = JSON.parse(await readFile(blob(digest), "utf8")) as { config: { size: number }; layers: { size: number }[] };
  const text = await readFile(blob(digest));
  return text.length + manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0);
}
