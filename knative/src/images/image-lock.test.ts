import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functionNames, repoRoot } from "../bundle.ts";
import { mergeLock } from "./image-lock.ts";

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe("the image lock", () => {
  it("keeps the functions not built this time and replaces those that were, sorted", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lock-")), "images.lock.json");
    writeFileSync(file, JSON.stringify({ functions: { report: `casemix/report@${digest("a")}`, group: `casemix/group@${digest("b")}` } }));
    await mergeLock(file, [{ fn: "group", image: "casemix/group", digest: digest("c") }, { fn: "dedupe", image: "casemix/dedupe", digest: digest("d") }]);
    const text = readFileSync(file, "utf8");
    expect(JSON.parse(text)).toEqual({ functions: { dedupe: `casemix/dedupe@${digest("d")}`, group: `casemix/group@${digest("c")}`, report: `casemix/report@${digest("a")}` } });
    expect(Object.keys((JSON.parse(text) as { functions: object }).functions)).toEqual(["dedupe", "group", "report"]);
  });

  it("names each function as the line Terraform's knative module rewrites in the committed manifests", async () => {
    // terraform/modules/knative/main.tf: regex "^\s+image: casemix/([a-z-]+):" keyed by the lock's names.
    const dir = join(repoRoot, "knative", "manifests");
    const rewritten = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/^\s+image: casemix\/([a-z-]+):/gm)) rewritten.add(m[1]!);
    }
    const tf = readFileSync(join(repoRoot, "terraform", "modules", "knative", "main.tf"), "utf8");
    expect(tf).toContain('regex("^\\\\s+image: casemix/([a-z-]+):", line)[0]');
    expect([...rewritten].sort()).toEqual(await functionNames());
  });
});
