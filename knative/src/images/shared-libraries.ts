import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";

/**
 * The shared libraries `ldd` names for an executable or a native addon, as absolute paths (the paths the
 * dynamic loader looks up, so the image puts each library exactly there). The vDSO has no file.
 *
 * @example
 * parseLdd("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f...)\n\t/lib64/ld-linux-x86-64.so.2 (0x7f...)")
 * // ["/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"]
 */
export function parseLdd(output: string): string[] {
  const found: string[] = [];
  for (const line of output.split("\n")) {
    if (/not found/.test(line)) throw new Error(`a shared library is missing: ${line.trim()}`);
    const m = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) found.push(m[1]!);
  }
  return found;
}

/** The libraries every file in `files` links against, sorted, each once (ldd on each file). */
export function sharedLibraries(files: readonly string[]): string[] {
  const all = new Set<string>();
  for (const file of files) for (const lib of parseLdd(execFileSync("ldd", [file], { encoding: "utf8" }))) all.add(lib);
  return [...all].sort();
}

export type DebianPackage = { name: string; version: string; arch: string };

/** The Debian package that installed `file` (dpkg -S, then its version), or undefined where dpkg does not know it. */
export function debianPackageOf(file: string): DebianPackage | undefined {
  const candidates = [...new Set([file, realpathSync(file), file.replace(/^\/lib(64)?\//, "/usr/lib$1/")])];
  for (const path of candidates) {
    try {
      const owner = execFileSync("dpkg", ["-S", path], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split(":")[0]!.trim();
      const [name, version, arch] = execFileSync("dpkg-query", ["-W", "-f", "${Package}\t${Version}\t${Architecture}", owner], { encoding: "utf8" }).split("\t");
      return { name: name!, version: version!, arch: arch! };
    } catch {
      // not this path: Debian 12 installs libraries under /usr/lib, reached through the /lib symlink
    }
  }
  return undefined;
}
