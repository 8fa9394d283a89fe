import { chmod, copyFile, mkdir, readdir, readFile, readlink, rm, symlink } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import type { FunctionFiles } from "./function-files.ts";
import type { Lock } from "./lockfile.ts";

/**
 * Copies `from` to `to` with a fixed mode (0644 files, 0755 folders, 0755 executables): what is in the
 * image must not depend on the umask of the machine that checked out or installed the tree.
 */
async function copyNormalized(from: string, to: string, executable = false): Promise<void> {
  await mkdir(dirname(to), { recursive: true, mode: 0o755 });
  await copyFile(from, to);
  await chmod(to, executable ? 0o755 : 0o644);
}

/** Files of a workspace package an image needs: everything but tests, benchmarks, docs and node_modules. */
function isRuntimeFile(rel: string): boolean {
  const parts = rel.split("/");
  if (parts.some((p) => p === "node_modules" || p === "bench" || p === "fixtures")) return false;
  return !/\.(test|int\.test|suite)\.ts$|\.md$/.test(rel);
}

async function copyTree(root: string, dir: string, dest: string, keep: (rel: string) => boolean): Promise<number> {
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(root, dir, rel), { withFileTypes: true })) {
      const sub = rel ? `${rel}/${entry.name}` : entry.name;
      if (!keep(sub)) continue;
      if (entry.isDirectory()) await walk(sub);
      else if (entry.isSymbolicLink()) {
        await mkdir(dirname(join(dest, dir, sub)), { recursive: true });
        await symlink(await readlink(join(root, dir, sub)), join(dest, dir, sub));
      } else if (entry.isFile()) {
        await copyNormalized(join(root, dir, sub), join(dest, dir, sub), /\.node$/.test(entry.name));
        count++;
      }
    }
  };
  await walk("");
  return count;
}

/**
 * Lays out `/app` of one function's image in `dest`, at the same paths as in the repository, since the
 * bundle finds migrations, definitions and the PGlite worker by paths relative to itself.
 */
export async function stageApp(root: string, dest: string, files: FunctionFiles, lock: Lock): Promise<{ files: number }> {
  await rm(dest, { recursive: true, force: true });
  let count = 0;
  for (const file of files.bundle) {
    await copyNormalized(join(root, file), join(dest, file));
    count++;
  }
  // An installed package's own nested node_modules are other lock keys, copied only if needed.
  for (const key of files.packages) count += await copyTree(root, key, dest, (rel) => rel !== "node_modules");
  for (const key of files.workspaces) count += await copyTree(root, key, dest, isRuntimeFile);
  for (const link of files.links) {
    const target = lock[link]!.resolved!;
    await mkdir(dirname(join(dest, link)), { recursive: true });
    await symlink(relative(dirname(join(dest, link)), join(dest, target)), join(dest, link));
  }
  return { files: count };
}

/** Lays out the base layer: Node at /usr/local/bin/node and each library at the path ldd named. */
export async function stageBase(dest: string, node: string, libraries: readonly string[]): Promise<void> {
  await rm(dest, { recursive: true, force: true });
  await copyNormalized(node, join(dest, "usr/local/bin/node"), true);
  for (const lib of libraries) await copyNormalized(lib, join(dest, lib), true);
}

export async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}
