import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRinggit } from "./decimal.ts";
import { DEMO_REGISTER_DIR, loadDemoTariff, loadRegisterDir } from "./files.ts";
import { createPricer } from "./pricer.ts";
import { indexRegister } from "./register.ts";
import { compileTariff } from "./tariff.ts";

// The finance guide's worked examples (docs/finance-guide.md, fenced `price-example` blocks) are priced
// by the engine with the demo tariff and the committed demo register; every amount the guide writes must
// be the engine's, so neither can drift from the other. The pricing README's lists of error codes and
// `los_case` values are checked against the source the same way.
const HERE = import.meta.dirname;
const GUIDE = resolve(HERE, "../../../docs/finance-guide.md");
const PRICING_README = resolve(HERE, "../README.md");

type Example = { line: number; fields: Map<string, string>; working: string[] };

/** Every `price-example` block of a markdown text: `key: value` lines, `#` lines are the hand working. */
function parseExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```price-example") continue;
    const example: Example = { line: i + 1, fields: new Map(), working: [] };
    for (i++; i < lines.length && lines[i].trim() !== "```"; i++) {
      const text = lines[i].trim();
      if (text === "") continue;
      if (text.startsWith("#")) {
        example.working.push(text);
        continue;
      }
      const match = /^([a-z_]+):\s*(.*)$/.exec(text);
      if (!match) throw new Error(`docs/finance-guide.md:${i + 1}: not "key: value": ${text}`);
      if (example.fields.has(match[1])) throw new Error(`docs/finance-guide.md:${i + 1}: ${match[1]} given twice`);
      example.fields.set(match[1], match[2]);
    }
    examples.push(example);
  }
  return examples;
}

const INPUTS = new Set(["rule", "hospital", "drg", "los", "discharge_status", "total_charges_sen", "discharge_date"]);
/** Expected fields and the price component each is compared with. */
const EXPECTED: Record<string, string> = {
  base_rate_sen: "baseRateSen",
  base_payment_sen: "basePaymentSen",
  los_case: "losCase",
  los_adjustment_sen: "losAdjustmentSen",
  transfer_payment_sen: "transferPaymentSen",
  transfer_adjustment_sen: "transferAdjustmentSen",
  outlier_payment_sen: "outlierPaymentSen",
  total_sen: "totalSen",
};

const tariffFile = loadDemoTariff();
const registerFile = loadRegisterDir(DEMO_REGISTER_DIR);
if (!tariffFile.ok || !registerFile.ok) throw new Error("the demo tariff or register does not import");
const compiled = compileTariff(tariffFile.value);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
const tariff = compiled.tariff;
const register = registerFile.value;

const examples = parseExamples(readFileSync(GUIDE, "utf8"));

function price(example: Example) {
  const f = example.fields;
  const required = (key: string) => {
    const value = f.get(key);
    if (value === undefined || value === "") throw new Error(`docs/finance-guide.md:${example.line}: ${key} is missing`);
    return value;
  };
  const dischargeDate = f.get("discharge_date") || undefined;
  const charges = f.get("total_charges_sen");
  // One register snapshot for every example; a discharge date, when given, is checked against the tariff.
  const pricer = createPricer(tariff, indexRegister(register, "2026-09-30"));
  return pricer({
    hospitalCode: required("hospital"),
    drg: required("drg"),
    los: Number(required("los")),
    dischargeStatus: required("discharge_status"),
    totalChargesSen: charges ? Number(charges) : null,
    ...(dischargeDate ? { dischargeDate } : {}),
  });
}

describe("the finance guide's worked examples", () => {
  it("has one example for each pricing rule 1 to 9 and one for each unpriceable code", () => {
    const rules = new Set(examples.map((e) => e.fields.get("rule")));
    for (let rule = 1; rule <= 9; rule++) expect(rules, `an example of rule ${rule}`).toContain(String(rule));
    const codes = new Set(examples.map((e) => e.fields.get("error")).filter(Boolean));
    expect([...codes].sort()).toEqual([...sourceErrorCodes()].sort());
  });

  it.each(examples.map((e) => [`line ${e.line}: rule ${e.fields.get("rule")} ${e.fields.get("drg")}`, e] as const))(
    "%s: the engine computes every amount the guide writes",
    (_name, example) => {
      const result = price(example);
      const error = example.fields.get("error");
      if (error) {
        expect(result.ok ? "priced" : result.error.code).toBe(error);
        return;
      }
      if (!result.ok) throw new Error(`unpriceable: ${result.error.code} ${result.error.message}`);
      let compared = 0;
      for (const [key, value] of example.fields) {
        if (INPUTS.has(key)) continue;
        const component = EXPECTED[key];
        if (!component) throw new Error(`docs/finance-guide.md:${example.line}: unknown field ${key}`);
        const actual = result.price[component as keyof typeof result.price];
        expect(String(actual), `${key} (docs/finance-guide.md:${example.line})`).toBe(value);
        compared++;
      }
      expect(compared, "every example states at least the total and the base payment").toBeGreaterThanOrEqual(2);
      expect(example.fields.has("total_sen") && example.fields.has("base_payment_sen")).toBe(true);
      // The hand working ends with the total in ringgit: it must be the engine's total.
      const total = example.working.at(-1) ?? "";
      expect(total.endsWith(formatRinggit(result.price.totalSen)), `"${total}" ends with ${formatRinggit(result.price.totalSen)}`).toBe(true);
    },
  );
});

/** The error codes the engine can answer, read from its source (the Unpriceable type and the pricer). */
function sourceErrorCodes(): Set<string> {
  const source = ["price-claim.ts", "pricer.ts"].map((f) => readFileSync(resolve(HERE, f), "utf8")).join("\n");
  return new Set(source.match(/"E_[A-Z_]+"/g)!.map((c) => c.slice(1, -1)));
}

/** The `los_case` values, read from the LosCase type of the source. */
function sourceLosCases(): string[] {
  const source = readFileSync(resolve(HERE, "los-rules.ts"), "utf8");
  const type = /export type LosCase = ([^;]+);/.exec(source);
  if (!type) throw new Error("los-rules.ts: no LosCase type");
  return type[1].match(/"[a-z-]+"/g)!.map((c) => c.slice(1, -1));
}

describe("the pricing rules text (shared/pricing/README.md)", () => {
  const readme = readFileSync(PRICING_README, "utf8");
  const rules = readme.slice(readme.indexOf("## Pricing rules"), readme.indexOf("## Tariff format"));

  it("lists every error code the engine answers, in the order the engine checks them", () => {
    const listed = [...rules.matchAll(/^\| \d \| `(E_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(sourceErrorCodes());
    // The order of the checks: the pricer's register lookup, then checkClaim's returns in source order.
    const checkClaim = readFileSync(resolve(HERE, "price-claim.ts"), "utf8").split("function checkClaim")[1];
    const inSource = ["E_HOSPITAL_NOT_IN_REGISTER", ...[...checkClaim.matchAll(/fail\("(E_[A-Z_]+)"/g)].map((m) => m[1])];
    expect(listed).toEqual(inSource);
  });

  it("lists every los_case value, and the finance guide shows each", () => {
    const listed = [...rules.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(sourceLosCases()));
    const shown = new Set(examples.map((e) => e.fields.get("los_case")).filter(Boolean));
    expect(shown).toEqual(new Set(sourceLosCases()));
  });
});
