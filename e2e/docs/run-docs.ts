import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { shellBlocks, type ShellBlock } from "./markdown-commands.ts";

/**
 * Runs the shell blocks of docs/ and of every README.md that are marked runnable (markdown-commands.ts),
 * each markdown file in its own scratch copy of the checkout (tracked and untracked files, node_modules
 * hard-linked, ../shared linked beside it when present), so no command touches the developer's .data.
 * Blocks of one file run in order in the same copy, so a guide can build on its earlier steps.
 *
 *   npx node e2e/docs/run-docs.ts [--list] [--keep] [file.md ...]
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_TIMEOUT_S = 300;
/** Variables that would point a command at the developer's own servers or data, cleared for every block. */
const CLEARED_ENV = ["PGLITE_DATA_DIR", "DATABASE_URL", "KAFKA_BROKERS", "REDIS_URL", "S3_ENDPOINT", "S3_BUCKET", "SFTP_HOST", "ACCESS_LOG", "OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE", "PORT"];

export type BlockOutcome = {
  file: string;
  line: number;
  commands: string[];
  status: "passed" | "failed" | "skipped";
  reason?: string;
  seconds?: number;
  output?: string;
};

/** The markdown files whose marked blocks are run: every file under docs/ and every README.md, from git. */
export function markdownFiles(root = REPO_ROOT): string[] {
  const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "--", "docs/*.md", "docs/**/*.md", "README.md", "**/README.md"], { cwd: root, encoding: "utf8" });
  return [...new Set(listed.split("\n").filter((f) => f !== "" && !f.includes("node_modules/")))].sort();
}

/** The marked blocks of a file (a file under docs/ must mark every shell block: run or skip with a reason). */
export function markedBlocks(file: string, root = REPO_ROOT): ShellBlock[] {
  const blocks = shellBlocks(readFileSync(join(root, file), "utf8"));
  if (file.startsWith("docs/")) {
    const unmarked = blocks.filter((b) => b.marker === null);
    if (unmarked.length > 0) throw new Error(`${file}: shell blocks at lines ${unmarked.map((b) => b.line).join(", ")} are not marked runnable or skip="reason"`);
  }
  return blocks.filter((b) => b.marker !== null);
}

/** A copy of the checkout to run commands in: files copied, node_modules hard-linked, ../shared linked. */
export function scratchCheckout(root = REPO_ROOT): { dir: string; remove: () => void } {
  const base = mkdtempSync(join(tmpdir(), "casemix-docs-"));
  const dir = join(base, "checkout");
  mkdirSync(dir);
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
  }
  // Hard links: cheap, and npm replaces a file rather than writing into it, so the original stays intact.
  execFileSync("cp", ["-al", join(root, "node_modules"), join(dir, "node_modules")]);
  // ... except npm's hidden lockfile, which npm rewrites in place: a real copy, so the scratch install
  // cannot write through the link into the original tree.
  const hiddenLock = join(dir, "node_modules", ".package-lock.json");
  if (existsSync(hiddenLock)) {
    rmSync(hiddenLock);
    copyFileSync(join(root, "node_modules", ".package-lock.json"), hiddenLock);
  }
  const shared = resolve(root, "../shared");
  if (existsSync(shared)) symlinkSync(realpathSync(shared), join(base, "shared"));
  return { dir, remove: () => rmSync(base, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** The innermost processes below pid (those with no children of their own), from `ps`. */
function leafDescendants(pid: number): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const leaves: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const below = children.get(next) ?? [];
    if (below.length === 0) leaves.push(next);
    queue.push(...below);
  }
  return leaves;
}

const signal = (pid: number, name: NodeJS.Signals) => {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
};

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to a process group, then up to 30 s for it to end, then SIGKILL. */
async function stopGroup(pgid: number): Promise<void> {
  signal(-pgid, "SIGTERM");
  for (let waited = 0; waited < 30_000 && groupAlive(pgid); waited += 200) await new Promise((r) => setTimeout(r, 200));
  if (groupAlive(pgid)) signal(-pgid, "SIGKILL");
}

/** Runs one block as a bash script (errexit, pipefail) in its own process group; cleans the group up after. */
export async function runBlock(block: ShellBlock, cwd: string, env: NodeJS.ProcessEnv, index: number): Promise<{ ok: boolean; seconds: number; output: string; reason?: string }> {
  if (block.marker?.kind !== "run") throw new Error("not a runnable block");
  const scriptFile = join(cwd, `.docs-block-${index}.sh`);
  writeFileSync(scriptFile, `set -euo pipefail\n${block.script}`);
  const timeoutS = block.marker.timeoutS ?? DEFAULT_TIMEOUT_S;
  const until = block.marker.until;
  const started = Date.now();
  const child = spawn("bash", [scriptFile], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let interrupted = false;
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (until && !interrupted && output.includes(until)) {
      interrupted = true;
      // Ctrl-C for the program now running: the innermost processes, so that a wrapper (npm answers 130
      // to its own SIGINT) passes on the program's own exit code, which says whether it did its job.
      for (const pid of leafDescendants(child.pid!)) signal(pid, "SIGINT");
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signal(-child.pid!, "SIGKILL");
  }, timeoutS * 1000);
  const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
  clearTimeout(timer);
  // Whatever the block left running in the background (a server started with &) stops with it, and
  // is gone before the next block starts (an embedded mesh holds the PGlite folder's lock until it exits).
  await stopGroup(child.pid!);
  const seconds = (Date.now() - started) / 1000;
  if (timedOut) return { ok: false, seconds, output, reason: `timed out after ${timeoutS} s` };
  if (until && !interrupted) return { ok: false, seconds, output, reason: `its output never said "${until}"` };
  return code === 0 ? { ok: true, seconds, output } : { ok: false, seconds, output, reason: `exit code ${code}` };
}

/** Runs every marked block of the files; returns one outcome per block. */
export async function runDocs(files: string[], options: { root?: string; keep?: boolean; log?: (line: string) => void } = {}): Promise<BlockOutcome[]> {
  const root = options.root ?? REPO_ROOT;
  const log = options.log ?? ((line: string) => console.log(line));
  const outcomes: BlockOutcome[] = [];
  for (const file of files) {
    const blocks = markedBlocks(file, root);
    if (blocks.length === 0) continue;
    const skipped = blocks.filter((b) => b.marker?.kind === "skip");
    for (const b of skipped) {
      const reason = b.marker?.kind === "skip" ? b.marker.reason : "";
      outcomes.push({ file, line: b.line, commands: b.commands, status: "skipped", reason });
      log(`skip ${file}:${b.line} (${b.commands.length} command(s)): ${reason}`);
    }
    const runnable = blocks.filter((b) => b.marker?.kind === "run");
    if (runnable.length === 0) continue;
    const scratch = scratchCheckout(root);
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_prefer_offline: "true" };
    for (const name of CLEARED_ENV) delete env[name];
    env.PORT = String(await freePort());
    log(`${file}: ${runnable.length} block(s) in ${scratch.dir} (PORT=${env.PORT})`);
    let failedBefore = false;
    try {
      for (const [index, block] of runnable.entries()) {
        if (failedBefore) {
          outcomes.push({ file, line: block.line, commands: block.commands, status: "failed", reason: "an earlier block of the file failed" });
          continue;
        }
        const result = await runBlock(block, scratch.dir, env, index);
        outcomes.push({ file, line: block.line, commands: block.commands, status: result.ok ? "passed" : "failed", reason: result.reason, seconds: result.seconds, output: result.output });
        log(`${result.ok ? "ok  " : "FAIL"} ${file}:${block.line} (${block.commands.length} command(s), ${result.seconds.toFixed(1)} s)${result.reason ? `: ${result.reason}` : ""}`);
        if (!result.ok) {
          log(result.output.split("\n").slice(-40).map((l) => `     | ${l}`).join("\n"));
          failedBefore = true;
        }
      }
    } finally {
      if (options.keep) log(`kept ${scratch.dir}`);
      else scratch.remove();
    }
  }
  return outcomes;
}

/** "docs commands: 31 ran (30 passed, 1 failed) in 12 blocks, 2 skipped" and each skip's reason. */
export function summarise(outcomes: BlockOutcome[]): string {
  const count = (status: BlockOutcome["status"]) => outcomes.filter((o) => o.status === status).reduce((n, o) => n + o.commands.length, 0);
  const ran = count("passed") + count("failed");
  const lines = [`docs commands: ${ran} ran (${count("passed")} passed, ${count("failed")} failed) in ${outcomes.filter((o) => o.status !== "skipped").length} blocks, ${count("skipped")} skipped`];
  for (const o of outcomes.filter((x) => x.status === "skipped")) lines.push(`  skipped ${o.file}:${o.line} (${o.commands.length}): ${o.reason}`);
  for (const o of outcomes.filter((x) => x.status === "failed")) lines.push(`  failed ${o.file}:${o.line}: ${o.reason}`);
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith("--"));
  const chosen = files.length > 0 ? files : markdownFiles();
  if (args.includes("--list")) {
    for (const file of chosen) for (const b of markedBlocks(file)) console.log(`${file}:${b.line} ${b.marker?.kind} ${b.commands.length} command(s)`);
  } else {
    const outcomes = await runDocs(chosen, { keep: args.includes("--keep") });
    console.log(summarise(outcomes));
    process.exitCode = outcomes.some((o) => o.status === "failed") ? 1 : 0;
  }
}
