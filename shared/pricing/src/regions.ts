/**
 * The regions of the register and the tariff: Malaysia's 13 states and 3 federal territories, spelt as in
 * the MOH facilities data, with their ISO 3166-2:MY numbers. A tariff's base rate may name one of them or
 * "*" (every other region); a misspelt region would silently fall back to the "*" rate, so it is refused.
 * The ISO number is the first part of a seeded hospital code.
 */
export const STATE_CODES: Readonly<Record<string, string>> = {
  Johor: "01",
  Kedah: "02",
  Kelantan: "03",
  Melaka: "04",
  "Negeri Sembilan": "05",
  Pahang: "06",
  "Pulau Pinang": "07",
  Perak: "08",
  Perlis: "09",
  Selangor: "10",
  Terengganu: "11",
  Sabah: "12",
  Sarawak: "13",
  "W.P. Kuala Lumpur": "14",
  "W.P. Labuan": "15",
  "W.P. Putrajaya": "16",
};

/** True for a region a base rate may name: a state or federal territory above, or "*". */
export const isTariffRegion = (region: string): boolean => region === "*" || Object.hasOwn(STATE_CODES, region);
