import { readFile, writeFile } from "node:fs/promises";

/**
 * The image lock terraform/modules/knative reads: `{"functions": {"<fn>": "<repository>/<fn>@sha256:..."}}`.
 * It rewrites each committed `image: casemix/<fn>:<tag>` to the locked reference at apply time.
 */
export type ImageLock = { functions: Record<string, string> };

/** Writes the digests of the images just built into `file`, keeping the entries of functions not built this time. */
export async function mergeLock(file: string, images: readonly { fn: string; image: string; digest: string }[]): Promise<ImageLock> {
  const old = await readFile(file, "utf8").then((t) => (JSON.parse(t) as ImageLock).functions, () => ({}));
  const functions: Record<string, string> = { ...old };
  for (const i of images) functions[i.fn] = `${i.image}@${i.digest}`;
  const lock = { functions: Object.fromEntries(Object.entries(functions).sort(([a], [b]) => a.localeCompare(b))) };
  await writeFile(file, `${JSON.stringify(lock, null, 2)}\n`);
  return lock;
}
