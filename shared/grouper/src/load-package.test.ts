import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoDefinitionDir } from "./demo.ts";
import { loadPackage, PACKAGE_FILES, parsePackage } from "./load-package.ts";
import { writePackage } from "./write-package.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the demo package with one file's text changed by `edit`. */
function demoWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "grouper-pkg-"));
  dirs.push(dir);
  cpSync(demoDefinitionDir, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
  return dir;
}

function issuesOf(dir: string) {
  const r = loadPackage(dir);
  if (r.ok) throw new Error("expected the package to be rejected");
  return r.issues;
}

describe("loadPackage", () => {
  it("the built-in demo definition loads and is labelled illustrative", () => {
    const r = loadPackage(demoDefinitionDir);
    expect(r.ok && r.package.manifest.illustrative).toBe(true);
  });

  it("a missing file is named", () => {
    const dir = demoWith("drgs.tsv", (t) => t);
    rmSync(join(dir, "drgs.tsv"));
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_FILE_MISSING", file: "drgs.tsv" }]);
  });

  it("a schema error in definition.yaml names the line and field", () => {
    const dir = demoWith("definition.yaml", (t) => t.replace('effectiveFrom: "2020-01-01"', 'effectiveFrom: "1 Jan 2020"'));
    const line = readFileSync(join(dir, "definition.yaml"), "utf8").split("\n").findIndex((l) => l.startsWith("effectiveFrom")) + 1;
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_SCHEMA", file: "definition.yaml", line, field: "effectiveFrom" }]);
  });

  it("invalid YAML is reported with its line", () => {
    const dir = demoWith("rules.yaml", (t) => t.replace("adrgs:", "adrgs: [\n"));
    expect(issuesOf(dir)[0]).toMatchObject({ code: "E_PKG_YAML", file: "rules.yaml" });
    expect(issuesOf(dir)[0].line).toBeGreaterThan(0);
  });

  it("an unknown condition names the rule's line and the path of the condition", () => {
    const dir = demoWith("rules.yaml", (t) => t.replace("when: { principalIn: 01M1-diagnoses }", "when: { principalInn: 01M1-diagnoses }"));
    const line = readFileSync(join(dir, "rules.yaml"), "utf8").split("\n").findIndex((l) => l.includes("principalInn")) + 1;
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_CONDITION", file: "rules.yaml", line, field: "adrgs.5.when.principalInn" }]);
  });

  it("a rule naming a list without rows is rejected", () => {
    const dir = demoWith("rules.yaml", (t) => t.replace("principalIn: 01M1-diagnoses", "principalIn: no-such-list"));
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_UNKNOWN_LIST", file: "rules.yaml", field: "adrgs.5.when.principalIn" }]);
  });

  it("a list code missing from the code table names the lists.tsv line and field", () => {
    const dir = demoWith("lists.tsv", (t) => t.replace("01M1-diagnoses\tI63.9", "01M1-diagnoses\tI63.99"));
    const line = readFileSync(join(dir, "lists.tsv"), "utf8").split("\n").findIndex((l) => l.includes("I63.99")) + 1;
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_LIST_CODE", file: "lists.tsv", line, field: "code" }]);
  });

  it("a TSV row with the wrong number of fields names its line", () => {
    const dir = demoWith("procedures.tsv", (t) => t.replace("88.72\tDiagnostic ultrasound of heart\t\t\t", "88.72\tDiagnostic ultrasound of heart"));
    const line = readFileSync(join(dir, "procedures.tsv"), "utf8").split("\n").findIndex((l) => l.startsWith("88.72")) + 1;
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_COLUMNS", file: "procedures.tsv", line }]);
  });

  it("a non-numeric age limit names the field", () => {
    const dir = demoWith("diagnoses.tsv", (t) => t.replace("F\t10\t55", "F\tten\t55"));
    expect(issuesOf(dir)[0]).toMatchObject({ code: "E_PKG_NUMBER", file: "diagnoses.tsv", field: "age_min" });
  });

  it("an unknown severity level is rejected", () => {
    const dir = demoWith("diagnoses.tsv", (t) => t.replace("Pneumonia, unspecified\tIII", "Pneumonia, unspecified\tIV"));
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_SEVERITY", file: "diagnoses.tsv", field: "severity" }]);
  });

  it("an invalid code-syntax expression is rejected naming the field", () => {
    const dir = demoWith("definition.yaml", (t) => t.replace('diagnosis: "[A-Z]', 'diagnosis: "(['));
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_SCHEMA", file: "definition.yaml", field: "codeSyntax.diagnosis" }]);
  });

  it("a table code that does not match the code syntax names its line", () => {
    const dir = demoWith("diagnoses.tsv", (t) => t.replace("W19\tUnspecified fall", "w19\tUnspecified fall"));
    const line = readFileSync(join(dir, "diagnoses.tsv"), "utf8").split("\n").findIndex((l) => l.startsWith("w19")) + 1;
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_CODE_SYNTAX", file: "diagnoses.tsv", line, field: "code" }]);
  });

  it("a DRG of an undefined ADRG is rejected", () => {
    const dir = demoWith("drgs.tsv", (t) => t + "99Z1-0\t99Z1\t\tNowhere\n");
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_UNKNOWN_ADRG", file: "drgs.tsv", field: "adrg" }]);
  });

  it("an ADRG whose last DRG needs a severity is rejected", () => {
    const dir = demoWith("drgs.tsv", (t) => t.replace("01M2-0\t01M2\t\t", "01M2-0\t01M2\tII\t"));
    expect(issuesOf(dir)).toMatchObject([{ code: "E_PKG_NO_DRG" }]);
  });

  it("a package given as file contents parses like the directory", () => {
    const files = Object.fromEntries(PACKAGE_FILES.map((f) => [f, readFileSync(join(demoDefinitionDir, f), "utf8")]));
    expect(parsePackage(files)).toEqual(loadPackage(demoDefinitionDir));
    expect(parsePackage({ ...files, "drgs.tsv": undefined as unknown as string })).toMatchObject({ ok: false, issues: [{ code: "E_PKG_FILE_MISSING", file: "drgs.tsv" }] });
  });

  it("a written package loads back unchanged", () => {
    const r = loadPackage(demoDefinitionDir);
    if (!r.ok) throw new Error("demo does not load");
    const dir = mkdtempSync(join(tmpdir(), "grouper-pkg-"));
    dirs.push(dir);
    writePackage(r.package, dir);
    const again = loadPackage(dir);
    expect(again.ok && again.package).toEqual(r.package);
  });
});
