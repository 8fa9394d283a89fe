import { describe, expect, it } from "vitest";
import { formatCsvIssue } from "./csv.ts";
import { DEMO_REGISTER_DIR, loadRegisterDir } from "./files.ts";
import { hospitalsToCsv, importRegisterCsv } from "./register-csv.ts";
import { findHospital, indexRegister } from "./register.ts";

const SETTINGS = "key,value\nid,test-register\nversion,1\neffective_from,2027-01-01\neffective_to,\n";
const HEADER = "code,name,class,region,effective_from,effective_to";
const load = (hospitals: string) =>
  importRegisterCsv({ settings: { file: "register.csv", text: SETTINGS }, hospitals: { file: "hospitals.csv", text: hospitals } });

describe("importRegisterCsv", () => {
  it("imports the committed demo register with one hospital of each class", () => {
    const demo = loadRegisterDir(DEMO_REGISTER_DIR);
    expect(demo.ok && new Set(demo.value.hospitals.map((h) => h.hospitalClass))).toEqual(
      new Set(["state", "specialist", "district", "institution", "university", "military"]),
    );
  });
  it("names file, line and column of a bad class", () => {
    const result = load(`${HEADER}\nH01-AAAAAA,Hospital A,State Hospital,Johor,2027-01-01,\n`);
    expect(result.ok === false && formatCsvIssue(result.issues[0])).toBe(
      'hospitals.csv:2 column "class": "State Hospital": lower-case letters, digits and hyphens',
    );
  });
  it("names a repeated hospital code", () => {
    const row = "H01-AAAAAA,Hospital A,state,Johor,2027-01-01,";
    const result = load(`${HEADER}\n${row}\n${row}\n`);
    expect(result.ok === false && formatCsvIssue(result.issues[0])).toBe(
      'hospitals.csv:3 column "code": hospital H01-AAAAAA is already listed on line 2',
    );
  });
  it("names a bad effective date", () => {
    const result = load(`${HEADER}\nH01-AAAAAA,Hospital A,state,Johor,2027-13-01,\n`);
    expect(result.ok === false && result.issues[0].column).toBe("effective_from");
  });
  it("reads back what hospitalsToCsv writes, quoted names included", () => {
    const demo = loadRegisterDir(DEMO_REGISTER_DIR);
    if (!demo.ok) throw new Error("demo register");
    const again = load(hospitalsToCsv(demo.value.hospitals));
    expect(again.ok && again.value.hospitals).toEqual(demo.value.hospitals.map((h) => ({ ...h, effectiveFrom: h.effectiveFrom })));
  });
});

describe("register lookups", () => {
  const register = {
    id: "r",
    version: 1,
    effectiveFrom: "2027-01-01",
    effectiveTo: null,
    hospitals: [
      { code: "H01-A", name: "Old class", hospitalClass: "district", region: "Johor", effectiveFrom: "2027-01-01", effectiveTo: "2027-06-30" },
      { code: "H01-A", name: "New class", hospitalClass: "specialist", region: "Johor", effectiveFrom: "2027-07-01", effectiveTo: null },
    ],
  };
  it("finds the hospital row in force on a date", () => {
    expect(findHospital(register, "H01-A", "2027-06-30")?.hospitalClass).toBe("district");
    expect(findHospital(register, "H01-A", "2027-07-01")?.hospitalClass).toBe("specialist");
  });
  it("indexes the hospitals in force on a date by code", () => {
    expect(indexRegister(register, "2027-08-01").get("H01-A")?.name).toBe("New class");
  });
});
