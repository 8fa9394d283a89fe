import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { DEMO_REGISTER_DIR, hasFacilitiesData, loadRegisterDir, MY_FACILITIES_DIR, seedRegisterFromFacilities } from "./files.ts";
import { classifyHospital } from "./hospital-class.ts";
import { hospitalCode, seedRegister } from "./seed-register.ts";

const hasSharedData = hasFacilitiesData();

describe("classifyHospital", () => {
  it("classes the state hospital of a state as state, with the town after the comma ignored", () => {
    expect(classifyHospital("Hospital Sultanah Aminah, Johor Bahru", "Johor", 1156)).toBe("state");
  });
  it("does not mistake Permaisuri for the psychiatric Hospital Permai", () => {
    expect(classifyHospital("Hospital Raja Permaisuri Bainun", "Perak", undefined)).toBe("state");
    expect(classifyHospital("Hospital Permai", "Johor", 0)).toBe("institution");
  });
  it("classes a hospital with at least 250 non-ICU beds as specialist and a smaller one as district", () => {
    expect(classifyHospital("Hospital Seri Manjung", "Perak", 297)).toBe("specialist");
    expect(classifyHospital("Hospital Keningau", "Sabah", 203)).toBe("district");
  });
  it("classes university and armed-forces hospitals by name", () => {
    expect(classifyHospital("Pusat Pakar Perubatan UiTM (Selayang)", "Selangor", undefined)).toBe("university");
    expect(classifyHospital("96 Hospital Angkatan Tentera, Manjung", "Perak", undefined)).toBe("military");
  });
});

describe("seedRegister", () => {
  it("keeps only hospitals and quotes nothing away from their names", () => {
    const facilities = {
      file: "facilities_master.csv",
      text: 'state,district,sector,type,name\nJohor,JB,government,hospital,"Hospital Sultanah Aminah, Johor Bahru"\nJohor,JB,government,klinik,Klinik Kesihatan X\n',
    };
    const beds = { file: "bedutil_facility.csv", text: "hospital,state,beds_nonicu\nHospital Sultanah Aminah,Johor,1156.0\n" };
    const result = seedRegister({ facilities, beds }, { id: "r", version: 1, effectiveFrom: "2027-01-01" });
    expect(result.ok && result.value.hospitals).toEqual([
      {
        code: hospitalCode("Johor", "Hospital Sultanah Aminah"),
        name: "Hospital Sultanah Aminah, Johor Bahru",
        hospitalClass: "state",
        region: "Johor",
        effectiveFrom: "2027-01-01",
        effectiveTo: null,
      },
    ]);
  });
});

describe("seeding from ../shared/data/my-facilities", skipUnless(hasSharedData, `${MY_FACILITIES_DIR} is absent (the reference data beside the checkout)`), () => {
  // A skipped describe's body still runs at collection: read the data only when it is there.
  const seeded = hasSharedData
    ? seedRegisterFromFacilities({ id: "my-hospitals", version: 1, effectiveFrom: "2027-01-01" })
    : ({ ok: false } as ReturnType<typeof seedRegisterFromFacilities>);
  it("registers the 161 hospital rows of the MOH data with distinct codes", () => {
    // README says 175 rows of type hospital; the file has 161 (counted with a CSV parser).
    expect(seeded.ok && seeded.value.hospitals.length).toBe(161);
    expect(seeded.ok && new Set(seeded.value.hospitals.map((h) => h.code)).size).toBe(161);
  });
  it("finds one state hospital in each of the 16 states and federal territories", () => {
    const states = seeded.ok ? seeded.value.hospitals.filter((h) => h.hospitalClass === "state").map((h) => h.region) : [];
    expect(new Set(states).size).toBe(16);
    expect(states).toHaveLength(16);
  });
  it("derives exactly the committed demo register's codes, names, classes and regions", () => {
    const demo = loadRegisterDir(DEMO_REGISTER_DIR);
    if (!demo.ok || !seeded.ok) throw new Error("a register does not import");
    const byCode = new Map(seeded.value.hospitals.map((h) => [h.code, h]));
    for (const h of demo.value.hospitals) {
      const s = byCode.get(h.code);
      expect([s?.name, s?.hospitalClass, s?.region]).toEqual([h.name, h.hospitalClass, h.region]);
    }
  });
});
