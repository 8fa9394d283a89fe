import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { aggregate } from "./aggregate.ts";
import { formatRinggit } from "./decimal.ts";
import { CHART_BOX, renderPeriodPdf } from "./pdf.ts";
import { hasPoppler, nonWhiteShare, pdfToText, POPPLER_ABSENT } from "./testing/poppler.ts";

const figures = aggregate(
  Array.from({ length: 2000 }, (_, i) => ({
    period: "2027-03", hospitalCode: `H${i % 12}`, mdc: String(i % 9).padStart(2, "0"), drg: `D${i % 30}`,
    weight: (0.4 + (i % 13) / 10).toFixed(4), los: i % 8, paymentSen: 50_000 + (i % 9) * 21_000, flagged: i % 60 === 0,
  })),
);
const total = figures.find((f) => f.dimension === "period")!;

describe("period PDF read back with poppler", skipUnless(hasPoppler(), POPPLER_ABSENT), () => {
  it("shows the period, the casemix index and the total payment as pdftotext reads them", async () => {
    const text = pdfToText(await renderPeriodPdf({ period: "2027-03", generatedAt: "2027-04-01T00:00:00Z", figures }));
    expect(text).toContain("period 2027-03");
    expect(text).toContain(`Casemix index: ${total.casemixIndex}`);
    expect(text).toContain(`Total payment: ${formatRinggit(total.totalSen)}`);
  });

  it("draws a chart covering at least 5% of its area", async () => {
    const bytes = await renderPeriodPdf({ period: "2027-03", generatedAt: "2027-04-01T00:00:00Z", figures });
    const share = nonWhiteShare(bytes, CHART_BOX);
    console.log(`chart area non-white: ${(share * 100).toFixed(1)}%`);
    expect(share).toBeGreaterThanOrEqual(0.05);
  });

  it("renders the same bytes twice for the same input", async () => {
    const input = { period: "2027-03", generatedAt: "2027-04-01T00:00:00Z", figures };
    expect(Buffer.from(await renderPeriodPdf(input)).equals(Buffer.from(await renderPeriodPdf(input)))).toBe(true);
  });
});

describe("period PDF", () => {
  it("refuses a period it has no figures for", async () => {
    await expect(renderPeriodPdf({ period: "2020-01", generatedAt: "2020-02-01T00:00:00Z", figures })).rejects.toThrow("no figures");
  });
});

