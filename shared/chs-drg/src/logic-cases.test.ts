import { compileDefinition, groupClaim, type Claim, type CompiledDefinition } from "@casemix/grouper";
import { beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { chsDrgDir, hasSharedData } from "./conformance-data.ts";
import { importChsDrg } from "./import.ts";

/**
 * The verification cases of LOGIC.md's appendix (JavaScript reference results): each shows one rule
 * of CHS-DRG 1.1. Columns: id, sex, age, ageDays, weight, principal, secondaries, procedures, DRG.
 */
const CASES: [string, string, number, number | null, number | null, string, string, string, string][] = [
  ["T01 MDCA first: heart transplant as main procedure", "M", 50, null, null, "I42.900", "", "37.5100", "AA19"],
  ["T02 the MDCA gate looks only at the main procedure", "M", 50, null, null, "I42.900", "", "88.7201,37.5100", "FT15"],
  ["T03 ventilation >= 96 h without MCC", "M", 50, null, null, "J96.900x001", "E87.600", "96.7201", "AH15"],
  ["T04 ventilation >= 96 h with MCC", "M", 50, null, null, "J80.x00", "N17.900", "96.7201", "AH11"],
  ["T05 two-procedure rule in any position", "M", 50, null, null, "E10.200", "N18.500", "52.8000,55.6901", "AC19"],
  ["T08 MDCA entered but no A-ADRG falls through", "M", 50, null, null, "K80.200x001", "", "51.2300", "HC29"],
  ["T10 birth weight below 1500 g", "F", 0, 2, 1400, "P07.300", "", "", "PS15"],
  ["T11 birth-weight bands are half-open", "F", 0, 2, 1500, "P07.300", "", "", "PS25"],
  ["T13 weight 2500 g", "F", 0, 2, 2500, "P07.300", "", "", "PS45"],
  ["T14 PS rules match any diagnosis", "M", 0, 5, 2200, "P59.901", "P07.300", "", "PS39"],
  ["T15 29 days is no longer a neonate", "M", 0, 29, null, "P59.901", "P07.300", "", "PV13"],
  ["T16 28 days is still a neonate", "M", 0, 28, 2200, "P59.901", "P07.300", "", "PS39"],
  ["T18 neonatal surgery after 28 days goes to PV1", "M", 0, 40, null, "P29.300", "", "34.0200x003", "PV15"],
  ["T19 perinatal principal at age 1", "F", 1, null, null, "P07.300", "", "", "0000"],
  ["T20 neonate without birth weight fails the check", "F", 0, 3, null, "P59.901", "", "", "0000"],
  ["T22 empty age in days counts as 0", "F", 0, null, 3000, "P59.901", "", "", "PU15"],
  ["T30 HIV with an OR procedure", "M", 50, null, null, "B20.001", "", "54.1100", "YC15"],
  ["T32 multiple trauma in two regions", "M", 50, null, null, "S06.000", "S72.000", "", "ZZ15"],
  ["T33 trauma in one region", "M", 50, null, null, "S06.000", "", "", "BY15"],
  ["T35 an OR procedure no Z-ADRG names falls through", "M", 50, null, null, "S06.000", "S72.000", "00.5500", "BY13"],
  ["T41 a female with a male-genital principal", "F", 70, null, null, "C61.x00", "", "60.5x02", "0000"],
  ["T42 a code of MDCM and MDCN, male", "M", 60, null, null, "Q56.000", "", "", "MZ19"],
  ["T43 a code of MDCM and MDCN, female", "F", 60, null, null, "Q56.000", "", "", "NZ19"],
  ["T46 MDCO has no sex gate", "M", 30, null, null, "Z37.000", "", "", "OR19"],
  ["T47 MDC found but no ADRG", "F", 28, null, null, "O00.000", "", "", "0000"],
  ["T52 only the first procedure is main", "M", 50, null, null, "K56.700", "", "88.0101,30.3x03", "GV15"],
  ["T56 JA1 table 1 + 3 + 4", "F", 50, null, null, "C50.900", "", "85.5300x001,85.2100x003,40.2100", "JA19"],
  ["T58 NA1 tables 2 + 3", "F", 50, null, null, "C45.100", "", "54.4x00x006,40.2900x023", "NA19"],
  ["T60 IB1 with only its first table", "M", 50, null, null, "A18.000x047+M49.0*", "", "03.0900x025", "IB39"],
  ["T71 MCC from another exclusion table", "M", 50, null, null, "G45.000", "A01.100", "", "BR21"],
  ["T72 MCC in the principal's exclusion table", "M", 50, null, null, "G45.000", "G41.000", "", "BR25"],
  ["T75 excluded MCC plus a valid CC", "M", 50, null, null, "G45.000", "G41.000,G40.100,A00.100", "", "BR23"],
  ["T76 1/5 split with a CC only", "M", 50, null, null, "G91.000x002", "A00.100", "", "BR15"],
  ["T77 3/5 split with an MCC", "M", 50, null, null, "A80.000", "A01.100", "", "BT13"],
  ["T78 unsplit ADRG ignores MCCs", "M", 50, null, null, "G43.000", "A01.100", "", "BV39"],
  ["T91 unknown principal", "M", 50, null, null, "K35.8", "", "", "0000"],
  ["T93 no principal but an MDCA main procedure", "M", 50, null, null, "", "I10.x00x002", "50.5100", "AB19"],
  ["T06 pancreas transplant alone", "M", 50, null, null, "E10.200", "", "52.8000", "AD19"],
  ["T07 kidney transplant alone", "M", 50, null, null, "N18.500", "", "55.6901", "AE19"],
  ["T12 weight 2499 g", "F", 0, 2, 2499, "P07.300", "", "", "PS39"],
  ["T17 neonatal cardiovascular surgery at 10 days", "M", 0, 10, 3100, "P29.300", "", "34.0200x003", "PB19"],
  ["T21 age 0 with empty age in days and no weight fails the check", "F", 0, null, null, "P59.901", "", "", "0000"],
  ["T31 HIV without procedure", "M", 50, null, null, "B20.001", "", "", "YR15"],
  ["T34 multiple trauma with craniotomy", "M", 50, null, null, "S06.000", "S72.000", "01.0900x006", "ZB19"],
  ["T40 male prostate cancer with prostatectomy", "M", 70, null, null, "C61.x00", "", "60.5x02", "MA19"],
  ["T44 a code of MDCN and MDCL, male", "M", 40, null, null, "T28.800x001", "", "", "LZ15"],
  ["T45 a code of MDCN and MDCL, female", "F", 40, null, null, "T28.800x001", "", "", "NZ19"],
  ["T48 listed by MDCM and MDCN but by none of their ADRGs", "F", 60, null, null, "C79.800x228", "", "", "0000"],
  ["T50 surgical before medical", "M", 50, null, null, "K56.700", "", "30.3x03", "GB15"],
  ["T51 the same principal without procedure", "M", 50, null, null, "K56.700", "", "", "GV15"],
  ["T53 FB1 both procedures in any position", "M", 50, null, null, "I35.000", "", "88.7201,00.6600x004,35.0100x002", "FB19"],
  ["T54 only the valve procedure", "M", 50, null, null, "I35.000", "", "35.0100x002", "FB25"],
  ["T55 JA1 table 1 + 2", "F", 50, null, null, "C50.900", "", "85.5300x001,85.4300x003", "JA19"],
  ["T57 JA2 table 1 only", "F", 50, null, null, "C50.900", "", "85.4300x003", "JA29"],
  ["T59 IB1 with both tables", "M", 50, null, null, "A18.000x047+M49.0*", "", "03.0900x025,03.0900x007", "IB19"],
  ["T70 no secondary gives the lowest level", "M", 50, null, null, "G45.000", "", "", "BR25"],
  ["T73 CC from another table", "M", 50, null, null, "G45.000", "A00.100", "", "BR23"],
  ["T74 CC in the principal's exclusion table", "M", 50, null, null, "G45.000", "G40.100", "", "BR25"],
  ["T90 empty sex fails the check", "", 50, null, null, "G45.000", "", "", "0000"],
  ["T92 a valid code no MDC accepts as principal", "M", 50, null, null, "W19.x00", "", "", "0000"],
  ["T94 no diagnoses at all", "M", 50, null, null, "", "", "", "0000"],
  ["T95 an unknown secondary is ignored", "M", 50, null, null, "G45.000", "XXX.000", "", "BR25"],
  ["T97 a sex code other than M/F is accepted", "9", 50, null, null, "G45.000", "", "", "BR25"],
];

const split = (s: string) => (s === "" ? [] : s.split(","));

describe("LOGIC.md appendix cases", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
  let def: CompiledDefinition;
  beforeAll(() => {
    def = compileDefinition(importChsDrg(chsDrgDir));
  });
  it.each(CASES)("%s", (_name, sex, ageYears, ageDays, birthWeight, pdx, sdx, px, drg) => {
    const claim: Claim = {
      sex: sex === "" ? null : sex, ageYears, ageDays, birthWeight, los: 3, dischargeStatus: "1", department: null,
      principalDx: pdx === "" ? null : pdx, secondaryDx: split(sdx), procedures: split(px),
    };
    expect(groupClaim(def, claim).drg).toBe(drg);
  });

  it("a failed input check and a claim that cannot be grouped are told apart by status and reason", () => {
    const base: Claim = { sex: "F", ageYears: 0, ageDays: 3, birthWeight: null, los: 3, dischargeStatus: "1", department: null, principalDx: "P59.901", secondaryDx: [], procedures: [] };
    expect(groupClaim(def, base)).toMatchObject({ status: "check_failed", reason: "E_BIRTH_WEIGHT_MISSING", mdc: "0000", adrg: "00", drg: "0000" });
    expect(groupClaim(def, { ...base, ageYears: 50, ageDays: null, principalDx: "K35.8" })).toMatchObject({ status: "ungroupable", reason: "E_NO_MDC" });
    expect(groupClaim(def, { ...base, ageYears: 28, ageDays: null, principalDx: "O00.000" })).toMatchObject({ status: "ungroupable", reason: "E_NO_ADRG" });
  });
});
