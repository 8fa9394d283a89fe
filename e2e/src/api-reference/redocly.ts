import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/* eslint-disable @typescript-eslint/no-explicit-any */

const require = createRequire(import.meta.url);
/** The repository's redocly.yaml: `extends: [recommended]`, no rule changed. */
const CONFIG = join(dirname(require.resolve("../../../package.json")), "redocly.yaml");
const CLI = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

export type LintResult = { documents: number; errors: number; warnings: number; exitCode: number; output: string[] };

/** Writes each document to `dir` and lints them all with `redocly lint` (its own process, this Node). */
export async function lintDocuments(docs: Map<string, Record<string, any>>, dir: string): Promise<LintResult> {
  const files: string[] = [];
  for (const [name, doc] of docs) {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(doc, null, 2));
    files.push(file);
  }
  const child = spawn(process.execPath, [CLI, "lint", `--config=${CONFIG}`, "--format=stylish", ...files], {
    // No telemetry and no update check: CI reaches no such service, and a lint sends nothing anywhere.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let text = "";
  child.stdout.on("data", (d) => (text += d));
  child.stderr.on("data", (d) => (text += d));
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  const output = text.split("\n").filter((l) => l.trim() !== "");
  // Each problem is a line `  <line>:<col>  error|warning  <rule>  <message>`; the summary says it again.
  const listed = (kind: string) => output.filter((l) => new RegExp(`^\\s*\\d+:\\d+\\s+${kind}\\b`).test(l)).length;
  const summed = (kind: string) => Number(new RegExp(`(\\d+) ${kind}s?\\b`).exec(output.find((l) => /You have|Validation failed/.test(l)) ?? "")?.[1] ?? 0);
  const count = (kind: string) => Math.max(listed(kind), summed(kind));
  const documents = output.filter((l) => /: validated in /.test(l)).length;
  return { documents, errors: count("error"), warnings: count("warning"), exitCode, output };
}
