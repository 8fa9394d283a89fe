/**
 * Hospital classes for pricing, derived from the MOH open data (facilities_master.csv and
 * bedutil_facility.csv in ../shared/data/my-facilities/). MOH groups its hospitals as state hospitals
 * (Hospital Negeri, one referral hospital per state), specialist hospitals, hospitals without resident
 * specialists (district hospitals) and special medical institutions; university and armed-forces
 * hospitals are run by other ministries. The data has no class column, so the rules below derive one:
 *
 * 1. `military`   names with "Angkatan Tentera" / "Tentera" (Ministry of Defence hospitals).
 * 2. `university` names with "Universiti", "UiTM", "IIUM" (teaching hospitals, Ministry of Higher Education).
 * 3. `institution` single-speciality national institutions: "Institut", "Pusat Jantung", "Pusat Kawalan
 *    Kusta", "Rehabilitasi", "Wanita dan Kanak", and the psychiatric hospitals (Bahagia, Permai, Sentosa,
 *    Mesra Bukit Padang).
 * 4. `state`      the state hospital of each state and federal territory (the list below is a public fact;
 *    where the snapshot has bed counts, each is the largest hospital of its state, except Selangor, where
 *    Hospital Tengku Ampuan Rahimah has no bed count in the 2024-09-04 snapshot).
 * 5. `specialist` at least 250 non-ICU beds in bedutil_facility.csv, or "Pakar" in the name. Bed count is
 *    a proxy for specialist services, which the data does not state (250 separates e.g. Hospital Seri
 *    Manjung, 297, from Hospital Keningau, 203); hospitals with no bed count fall to district.
 * 6. `district`   every other hospital.
 */
export type HospitalClass = "state" | "specialist" | "district" | "institution" | "university" | "military";

/** The state hospitals (Hospital Negeri), by state as spelt in the MOH data. */
export const STATE_HOSPITALS: Readonly<Record<string, string>> = {
  Johor: "Hospital Sultanah Aminah",
  Kedah: "Hospital Sultanah Bahiyah",
  Kelantan: "Hospital Raja Perempuan Zainab II",
  Melaka: "Hospital Melaka",
  "Negeri Sembilan": "Hospital Tuanku Ja'afar",
  Pahang: "Hospital Tengku Ampuan Afzan",
  Perak: "Hospital Raja Permaisuri Bainun",
  Perlis: "Hospital Tuanku Fauziah",
  "Pulau Pinang": "Hospital Pulau Pinang",
  Sabah: "Hospital Queen Elizabeth",
  Sarawak: "Hospital Umum Sarawak",
  Selangor: "Hospital Tengku Ampuan Rahimah",
  Terengganu: "Hospital Sultanah Nur Zahirah",
  "W.P. Kuala Lumpur": "Hospital Kuala Lumpur",
  "W.P. Labuan": "Hospital Labuan",
  "W.P. Putrajaya": "Hospital Putrajaya",
};

/** Beds at or above which a hospital counts as specialist (see rule 5). */
export const SPECIALIST_MIN_BEDS = 250;

const MILITARY = /angkatan tentera|\btentera\b/i;
const UNIVERSITY = /universiti|\buitm\b|\biium\b/i;
const INSTITUTION = /^institut|pusat jantung|pusat kawalan kusta|rehabilitasi|wanita dan kanak|bahagia|\bpermai\b|sentosa|mesra bukit padang/i;

/** A hospital name without the town after its first comma, with single spaces: the key for matching. */
export function baseName(name: string): string {
  return name.split(",")[0].replace(/\s+/g, " ").trim();
}

/**
 * Classifies one MOH hospital by the rules above.
 *
 * @example
 * classifyHospital("Hospital Sultanah Aminah, Johor Bahru", "Johor", 1156) // "state"
 * classifyHospital("Hospital Jasin", "Melaka", 97)                        // "district"
 */
export function classifyHospital(name: string, state: string, nonIcuBeds: number | undefined): HospitalClass {
  const base = baseName(name);
  if (MILITARY.test(base)) return "military";
  if (UNIVERSITY.test(base)) return "university";
  if (INSTITUTION.test(base)) return "institution";
  if (STATE_HOSPITALS[state]?.toLowerCase() === base.toLowerCase()) return "state";
  if (/\bpakar\b/i.test(base) || (nonIcuBeds !== undefined && nonIcuBeds >= SPECIALIST_MIN_BEDS)) return "specialist";
  return "district";
}
