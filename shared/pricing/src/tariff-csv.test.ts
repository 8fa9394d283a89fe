import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCsvIssue } from "./csv.ts";
import { DEMO_TARIFF_DIR, loadDemoTariff } from "./files.ts";
import { tariffToCsv } from "./synthetic-tariff.ts";
import { importTariffCsv, type TariffCsvFiles } from "./tariff-csv.ts";

const demoText = (name: string) => readFileSync(join(DEMO_TARIFF_DIR, name), "utf8");
const files = (patch: Partial<Record<keyof TariffCsvFiles, string>> = {}): TariffCsvFiles => ({
  settings: { file: "tariff.csv", text: patch.settings ?? demoText("tariff.csv") },
  baseRates: { file: "base-rates.csv", text: patch.baseRates ?? demoText("base-rates.csv") },
  drgs: { file: "drg-weights.csv", text: patch.drgs ?? demoText("drg-weights.csv") },
});
const messages = (patch: Partial<Record<keyof TariffCsvFiles, string>>) => {
  const result = importTariffCsv(files(patch));
  return result.ok ? [] : result.issues.map(formatCsvIssue);
};
const DRG_HEADER = "drg,weight,mean_los,low_trim,high_trim,low_day_weight,high_day_weight";

describe("importTariffCsv", () => {
  it("imports the demo tariff", () => {
    const result = loadDemoTariff();
    expect(result.ok && [result.value.id, result.value.drgs.length, result.value.rules.transfer.dischargeStatuses]).toEqual([
      "my-demo",
      24,
      ["2"],
    ]);
  });
  it("names file, line and column of a weight with too many decimal places", () => {
    const drgs = `${DRG_HEADER}\nA,1.0000,3.00,1,8,0.1000,0.0500\nB,1.23456,3.00,1,8,0.1000,0.0500\n`;
    expect(messages({ drgs })).toEqual([
      'drg-weights.csv:3 column "weight": "1.23456": a decimal with at most 4 places, such as 1.2345',
    ]);
  });
  it("names a low trim above the high trim", () => {
    const drgs = `${DRG_HEADER}\nA,1.0000,3.00,9,8,0.1000,0.0500\n`;
    expect(messages({ drgs })[0]).toBe('drg-weights.csv:2 column "low_trim": low trim 9 is above high trim 8');
  });
  it("names a trim point that is not a whole number", () => {
    const drgs = `${DRG_HEADER}\nA,1.0000,3.00,1.5,8,0.1000,0.0500\n`;
    expect(messages({ drgs })[0]).toBe('drg-weights.csv:2 column "low_trim": "1.5" is not a whole number');
  });
  it("names a DRG listed twice with the line of the first", () => {
    const drgs = `${DRG_HEADER}\nA,1.0000,3.00,1,8,0.1000,0.0500\nA,1.0000,3.00,1,8,0.1000,0.0500\n`;
    expect(messages({ drgs })[0]).toBe('drg-weights.csv:3 column "drg": DRG A is already listed on line 2');
  });
  it("names a missing column", () => {
    expect(messages({ drgs: "drg,weight\nA,1.0\n" })[0]).toBe('drg-weights.csv:1 column "mean_los": the header has no column "mean_los"');
  });
  it("names a base rate that is not whole sen", () => {
    expect(messages({ baseRates: "class,region,base_rate_sen\nstate,*,4800.50\n" })[0]).toBe(
      'base-rates.csv:2 column "base_rate_sen": "4800.50" is not a whole number',
    );
  });
  it("names a missing setting", () => {
    const settings = demoText("tariff.csv").replace(/^outlier_marginal_rate,.*$/m, "");
    expect(messages({ settings })).toContain('tariff.csv:1 column "outlier_marginal_rate": the setting "outlier_marginal_rate" is missing');
  });
  it("names the line of a bad setting value", () => {
    const settings = demoText("tariff.csv").replace("same_day_factor,0.4500", "same_day_factor,1.5");
    expect(messages({ settings })).toEqual(['tariff.csv:8 column "same_day_factor": at most 1']);
  });
  it("reports every bad row in one pass", () => {
    const drgs = `${DRG_HEADER}\nA,x,3.00,1,8,0.1000,0.0500\nB,y,3.00,1,8,0.1000,0.0500\n`;
    expect(messages({ drgs })).toHaveLength(2);
  });
  it("reads back what tariffToCsv writes", () => {
    const demo = loadDemoTariff();
    if (!demo.ok) throw new Error("demo tariff");
    const csv = tariffToCsv(demo.value);
    const again = importTariffCsv({
      settings: { file: "t", text: csv.settings },
      baseRates: { file: "b", text: csv.baseRates },
      drgs: { file: "d", text: csv.drgs },
    });
    expect(again.ok && again.value).toEqual(demo.value);
  });
});

describe("base-rate regions", () => {
  it("refuses a misspelt region instead of letting it fall back to the * rate", () => {
    const baseRates = "class,region,base_rate_sen\nstate,*,480000\nstate,Sarawk,516000\n";
    const result = importTariffCsv(files({ baseRates }));
    expect(result.ok === false && formatCsvIssue(result.issues[0])).toMatch(/^base-rates\.csv:3 column "region": "Sarawk": a Malaysian state/);
  });
});
