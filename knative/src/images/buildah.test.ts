import { describe, expect, it } from "vitest";
import { RUNTIME_NODE_FLAGS } from "@casemix/runtime";
import { containerfile } from "./buildah.ts";

describe("a function's Containerfile", () => {
  it("runs the function's bundle with node and the runtime's flags, in exec form (no shell)", () => {
    const line = containerfile("group", "0.1.0").split("\n").find((l) => l.startsWith("ENTRYPOINT "))!;
    const argv = JSON.parse(line.slice("ENTRYPOINT ".length)) as string[];
    expect(argv[0]).toBe("/usr/local/bin/node");
    expect(argv.at(-1)).toBe("dist/functions/group.mjs");
    expect(argv).toContain("--enable-source-maps");
    for (const flag of RUNTIME_NODE_FLAGS) expect(argv).toContain(flag);
  });
});
