import { z } from "zod";
import { parseDecimal } from "./decimal.ts";
import { isTariffRegion } from "./regions.ts";

/**
 * The tariff version format (the JSON form that is published as a configuration version; the CSV form in
 * tariff-csv.ts maps onto it one to one). See README.md "Tariff format" for every field and rule.
 */

const decimal = (places: number, example: string) =>
  z
    .string()
    .regex(new RegExp(`^\\d+(\\.\\d{1,${places}})?$`), {
      message: `a decimal with at most ${places} places, such as ${example}`,
      abort: true, // one message per bad cell: range checks below only run on a well-formed decimal
    });

/** A cost weight or per-day weight: a decimal string with up to 4 places, held as a scaled integer. */
export const WeightSchema = decimal(4, "1.2345");
/** A DRG cost weight: a weight above zero. */
export const CostWeightSchema = WeightSchema.refine((text) => Number(text) > 0, "greater than 0");
/** A factor or rate between 0 and 1 with up to 4 places, such as "0.5000" or "0.8000". */
export const FactorSchema = decimal(4, "0.8000").refine((text) => Number(text) <= 1, "at most 1");
/** A mean length of stay in days with up to 2 places, such as "4.50". */
export const MeanLosSchema = decimal(2, "4.50").refine((text) => Number(text) > 0, "greater than 0");
/** Integer sen (1 ringgit = 100 sen). */
export const SenSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A calendar date, YYYY-MM-DD. */
export const DateSchema = z.iso.date();

/** A hospital class: lower-case words joined by hyphens (e.g. state, specialist, district). */
export const HospitalClassSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and hyphens");

/** A base rate for one hospital class in one region; region "*" is the class's rate in every other region. */
export const BaseRateSchema = z.object({
  hospitalClass: HospitalClassSchema,
  region: z.string().refine(isTariffRegion, 'a Malaysian state or federal territory as spelt in the register (e.g. "W.P. Kuala Lumpur"), or "*"'),
  baseRateSen: SenSchema.min(1),
});
export type BaseRate = z.infer<typeof BaseRateSchema>;

/** The pricing parameters of one DRG. */
export const DrgTariffSchema = z.object({
  drg: z.string().min(1),
  weight: CostWeightSchema,
  meanLos: MeanLosSchema,
  lowTrim: z.int().min(0),
  highTrim: z.int().min(1),
  lowDayWeight: WeightSchema,
  highDayWeight: WeightSchema,
  /** Overrides the tariff's same-day factor for this DRG (e.g. "1.0000" for day-case DRGs). */
  sameDayFactor: FactorSchema.optional(),
  description: z.string().optional(),
});
export type DrgTariff = z.infer<typeof DrgTariffSchema>;

/** The tariff-wide rules. */
export const TariffRulesSchema = z.object({
  sameDay: z.object({ factor: FactorSchema }),
  transfer: z.object({ dischargeStatuses: z.array(z.string().min(1)).min(1) }),
  death: z.object({ dischargeStatuses: z.array(z.string().min(1)).min(1), waiveShortStay: z.boolean() }),
  outlier: z.object({ thresholdSen: SenSchema, marginalRate: FactorSchema }),
});
export type TariffRules = z.infer<typeof TariffRulesSchema>;

/** One immutable tariff version. */
export const TariffSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, dots and hyphens"),
  version: z.int().min(1),
  name: z.string().min(1),
  effectiveFrom: DateSchema,
  /** Inclusive; null means open-ended. */
  effectiveTo: DateSchema.nullable(),
  note: z.string().optional(),
  baseRates: z.array(BaseRateSchema).min(1),
  drgs: z.array(DrgTariffSchema).min(1),
  rules: TariffRulesSchema,
});
export type Tariff = z.infer<typeof TariffSchema>;

/**
 * Checks across the fields of one DRG row that a schema cannot express; returns [column, message] pairs.
 * The low-trim bound guarantees that the short-stay deduction never exceeds the base payment, so no cap
 * rule is needed (rounding half up is monotone, so the rounded deduction cannot pass it either).
 */
export function checkDrgTariff(drg: DrgTariff): [keyof DrgTariff, string][] {
  const problems: [keyof DrgTariff, string][] = [];
  if (drg.lowTrim > drg.highTrim) problems.push(["lowTrim", `low trim ${drg.lowTrim} is above high trim ${drg.highTrim}`]);
  const meanLos = Number(drg.meanLos);
  if (meanLos < drg.lowTrim || meanLos > drg.highTrim) {
    problems.push(["meanLos", `mean LOS ${drg.meanLos} is outside the trim points ${drg.lowTrim}..${drg.highTrim}`]);
  }
  const scaled = (text: string) => {
    const parsed = parseDecimal(text, 4);
    return parsed.ok ? parsed.scaled : Number.NaN;
  };
  if (scaled(drg.lowDayWeight) * drg.lowTrim > scaled(drg.weight)) {
    const message = `low-day weight ${drg.lowDayWeight} x low trim ${drg.lowTrim} exceeds the cost weight ${drg.weight}`;
    problems.push(["lowDayWeight", message]);
  }
  return problems;
}
