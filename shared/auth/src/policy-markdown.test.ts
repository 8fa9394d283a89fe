import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyMarkdown } from "./policy-markdown.ts";
import { POLICY } from "./policy-table.ts";

describe("the policy's documentation", () => {
  it("shared/auth/README.md holds the policy table exactly as the data says", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toContain(policyMarkdown(POLICY));
  });
});
