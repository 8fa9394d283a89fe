import { describe, expect, it } from "vitest";
import { licenseAllowed, licenseFindings, thirdPartyPackages } from "./audit.ts";

const component = (name: string, inclusion: string, license?: string, group?: string) => ({
  type: "library",
  name,
  group,
  version: "1.0.0",
  ...(license ? { licenses: [{ expression: license }] } : {}),
  properties: [{ name: "casemix:inclusion", value: inclusion }],
});
const sbom = (...components: object[]) => JSON.stringify({ components });

describe("the image dependency audit", () => {
  it("an OR needs one allowed alternative, an AND needs every term allowed", () => {
    expect(licenseAllowed("(MIT OR GPL-3.0-only)")).toBe(true);
    expect(licenseAllowed("MIT AND GPL-3.0-only")).toBe(false);
    expect(licenseAllowed("Apache-2.0")).toBe(true);
    expect(licenseAllowed("AGPL-3.0-only")).toBe(false);
  });

  it("a copied or inlined package with no license or a disallowed one is a finding; our own packages and the base are not checked", () => {
    const text = sbom(
      component("ok", "node_modules", "MIT"),
      component("nolicense", "bundled"),
      component("copyleft", "node_modules", "GPL-3.0-only"),
      component("db", "source+bundled", undefined, "@casemix"),
      component("libc6", "base"),
    );
    expect(licenseFindings(text)).toEqual(["nolicense@1.0.0: no license declared", "copyleft@1.0.0: GPL-3.0-only is not an allowed license"]);
    expect([...thirdPartyPackages(text)]).toEqual(["ok", "nolicense", "copyleft"]);
  });

  it("a package that declares no license passes only in the version whose license was reviewed", () => {
    const png = (version: string) => ({ ...component("png-js", "bundled"), version });
    expect(licenseFindings(sbom(png("2.0.0")))).toEqual([]);
    expect(licenseFindings(sbom(png("2.0.1")))).toEqual(["png-js@2.0.1: no license declared"]);
  });
});
