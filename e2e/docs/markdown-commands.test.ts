import { describe, expect, it } from "vitest";
import { parseMarker, shellBlocks, splitCommands } from "./markdown-commands.ts";
import { markdownFiles, markedBlocks } from "./run-docs.ts";

describe("runnable shell blocks in markdown", () => {
  it("reads run, until, timeout and skip markers, and refuses what it does not know", () => {
    expect(parseMarker("<!-- runnable -->")).toEqual({ kind: "run", until: undefined, timeoutS: undefined });
    expect(parseMarker('<!-- runnable until="serving; Ctrl-C to stop" timeout=600 -->')).toEqual({ kind: "run", until: "serving; Ctrl-C to stop", timeoutS: 600 });
    expect(parseMarker('<!-- runnable skip="needs a cluster" -->')).toEqual({ kind: "skip", reason: "needs a cluster" });
    expect(parseMarker("<!-- a comment -->")).toBeNull();
    expect(() => parseMarker("<!-- runnable unitl=x -->")).toThrow(/unknown attribute unitl/);
    expect(() => parseMarker('<!-- runnable skip="" -->')).toThrow(/reason/);
    expect(() => parseMarker("<!-- runnable timeout=ten -->")).toThrow(/whole seconds/);
  });

  it("counts commands over continuations and here-documents, leaving comments out", () => {
    const commands = splitCommands(["# a comment", "npx casemix price \\", "  --input a.csv", "", "cat > a.csv <<'EOF'", "x,y", "EOF", "echo done  # trailing"]);
    expect(commands).toEqual(["npx casemix price   --input a.csv", "cat > a.csv <<'EOF'\nx,y\nEOF", "echo done  # trailing"]);
  });

  it("finds only the block right below its marker", () => {
    const blocks = shellBlocks(["<!-- runnable -->", "```sh", "echo one", "```", "", "```sh", "echo two", "```"].join("\n"));
    expect(blocks.map((b) => [b.line, b.marker?.kind ?? null, b.commands])).toEqual([
      [2, "run", ["echo one"]],
      [6, null, ["echo two"]],
    ]);
  });

  it("no two runnable blocks of a file log a background command to the same file (the truncation races the next line)", () => {
    for (const file of markdownFiles()) {
      const owner = new Map<string, number>();
      for (const block of markedBlocks(file).filter((b) => b.marker?.kind === "run")) {
        for (const command of block.commands) {
          const log = /> *([\w./-]+).*[^&]&\s*$/.exec(command)?.[1];
          if (!log) continue;
          expect(owner.get(log) ?? block.line, `${file}:${block.line} logs to ${log}, as the block at line ${owner.get(log)} does`).toBe(block.line);
          owner.set(log, block.line);
        }
      }
    }
  });

  it("every shell block under docs/ is marked, and the README quick start is among the runnable", () => {
    const files = markdownFiles();
    expect(files).toContain("README.md");
    expect(files.filter((f) => f.startsWith("docs/")).length).toBeGreaterThanOrEqual(5);
    for (const file of files) markedBlocks(file); // throws on an unmarked block under docs/
    const quickStart = markedBlocks("README.md").filter((b) => b.marker?.kind === "run").flatMap((b) => b.commands);
    expect(quickStart.some((c) => c.startsWith("npm install && npm start"))).toBe(true);
    expect(quickStart.some((c) => c.startsWith("npm test"))).toBe(true);
  });
});
