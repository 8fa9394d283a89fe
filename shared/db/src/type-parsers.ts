/**
 * One set of result parsers for both adapters, so a row reads the same on PostgreSQL and PGlite:
 * - numeric and int8 (and bigserial ids) as strings: money and counts stay exact (DESIGN.md, money);
 * - date as `YYYY-MM-DD` text: a JS Date would shift it by the process time zone;
 * - timestamptz as an ISO 8601 string in UTC with the server's full precision
 *   (`2026-11-28T04:25:33.983123Z`), timestamp without zone as the same without `Z`.
 * Both adapters set the session time zone to UTC, so timestamptz text always ends in `+00`.
 */
export const OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  INT8_ARRAY: 1016,
  NUMERIC_ARRAY: 1231,
  DATE_ARRAY: 1182,
  TIMESTAMP_ARRAY: 1115,
  TIMESTAMPTZ_ARRAY: 1185,
} as const;

const timestampText = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

/** Turns PostgreSQL's timestamp text output into ISO 8601; `infinity` and BC dates pass through. */
export function timestampToIso(text: string): string {
  const m = timestampText.exec(text);
  if (!m) return text;
  const [, date, time, hours, minutes, seconds] = m;
  if (hours === undefined) return `${date}T${time}`;
  if (/^[+-]00$/.test(hours) && !Number(minutes ?? 0) && !Number(seconds ?? 0)) return `${date}T${time}Z`;
  return `${date}T${time}${hours}:${minutes ?? "00"}${seconds ? `:${seconds}` : ""}`;
}

const asText = (text: string): string => text;

/** Scalar parsers by type OID, shared by the pg and PGlite adapters. */
export const scalarParsers: Record<number, (text: string) => unknown> = {
  [OID.INT8]: asText,
  [OID.NUMERIC]: asText,
  [OID.DATE]: asText,
  [OID.TIMESTAMP]: timestampToIso,
  [OID.TIMESTAMPTZ]: timestampToIso,
};
