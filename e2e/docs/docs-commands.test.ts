import { expect, it } from "vitest";
import { markdownFiles, runDocs, summarise } from "./run-docs.ts";

// Every shell command of docs/ and the READMEs that is marked runnable runs here, each markdown file in a
// scratch copy of the checkout (e2e/docs/README.md). The README quick start (install, `npm start` with its
// sample batch, `npm test`) and the operator's runbook are among them. Prints how many ran and how many
// were skipped, with each skip's reason. DOCS_FILES=a.md,b.md runs only those files (while writing a guide).
const only = process.env.DOCS_FILES?.split(",").filter(Boolean);

it("every runnable command of docs/ and the READMEs runs and succeeds", { timeout: 3_600_000 }, async () => {
  if (only) console.log(`DOCS_FILES: only ${only.join(", ")}; the quick start and runbook checks need the full run`);
  const outcomes = await runDocs(only ?? markdownFiles());
  console.log(summarise(outcomes));
  const failed = outcomes.filter((o) => o.status === "failed");
  expect(failed.map((o) => `${o.file}:${o.line}: ${o.reason}`)).toEqual([]);
  expect(outcomes.filter((o) => o.status === "passed").length).toBeGreaterThan(0);
  for (const o of outcomes.filter((x) => x.status === "skipped")) expect(o.reason, `${o.file}:${o.line} says why it is skipped`).toBeTruthy();
  if (only) return;
  const passed = (file: string) => outcomes.filter((o) => o.file === file && o.status === "passed").flatMap((o) => o.commands);
  expect(passed("README.md").some((c) => c.startsWith("npm install && npm start"))).toBe(true);
  expect(passed("README.md").some((c) => c.startsWith("npm test"))).toBe(true);
  const runbook = outcomes.filter((o) => o.file === "docs/operator-runbook.md");
  expect(runbook.filter((o) => o.status === "passed").length).toBeGreaterThanOrEqual(4);
});
