import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { chsDrgDir, hasSharedData } from "@casemix/chs-drg";
import { demoDefinitionDir, PACKAGE_FILES } from "@casemix/grouper";
import { DEMO_REGISTER_DIR, DEMO_TARIFF_DIR, loadDemoTariff } from "@casemix/pricing";
import { importDefinitionDir, importDefinitionFiles, importRegisterDir, importTariffDir, tariffDraft } from "./importers.ts";

describe("importers", () => {
  it("a definition draft takes the package's own range and label by default", () => {
    const draft = importDefinitionDir(demoDefinitionDir, "package");
    expect(draft).toMatchObject({ kind: "definition", label: "demo 2026.1", effectiveFrom: "2020-01-01", effectiveTo: null });
  });

  it("an inclusive last day in the content becomes the exclusive end of the version", () => {
    const tariff = loadDemoTariff();
    if (!tariff.ok) throw new Error("demo tariff");
    expect(tariffDraft({ ...tariff.value, effectiveTo: "2027-12-31" })).toMatchObject({ effectiveFrom: "2020-01-01", effectiveTo: "2028-01-01" });
  });

  it("an explicit range inside the content's own is kept as given", () => {
    const draft = importTariffDir(DEMO_TARIFF_DIR, { effectiveFrom: "2027-01-01", effectiveTo: "2027-07-01" });
    expect(draft).toMatchObject({ effectiveFrom: "2027-01-01", effectiveTo: "2027-07-01" });
    expect(importRegisterDir(DEMO_REGISTER_DIR).kind).toBe("hospitals");
  });

  it("refuses a range that starts before the content's own", () => {
    expect(() => importTariffDir(DEMO_TARIFF_DIR, { effectiveFrom: "2019-12-31" })).toThrow(expect.objectContaining({ code: "E_CONFIG_RANGE_OUTSIDE_CONTENT" }));
  });

  it("reads a package from uploaded file contents", () => {
    const files = Object.fromEntries(PACKAGE_FILES.map((f) => [f, readFileSync(join(demoDefinitionDir, f), "utf8")]));
    expect(importDefinitionFiles(files, "package").label).toBe("demo 2026.1");
  });

  it("refuses an uploaded file name that leaves the upload", () => {
    expect(() => importDefinitionFiles({ "../x.txt": "" }, "chs-drg")).toThrow(expect.objectContaining({ code: "E_CONFIG_FILE_NAME" }));
  });

  it("names the missing file of an incomplete package", () => {
    expect(() => importDefinitionFiles({ "definition.yaml": "" }, "package")).toThrow(/rules\.yaml/);
  });

  describe("with ../shared/data", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
    it("imports the CHS-DRG 1.1 tables", () => {
      const draft = importDefinitionDir(chsDrgDir, "chs-drg");
      expect(draft).toMatchObject({ label: "chs-drg 1.1", effectiveFrom: "2021-05-01", effectiveTo: null });
    });
  });
});
