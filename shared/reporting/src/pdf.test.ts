import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { aggregate } from "./aggregate.ts";
import { formatRinggit } from "./decimal.ts";
import { barCentre, CHART_BOX, PLOT_BOX, renderPeriodPdf } from "./pdf.ts";
import { barHeights, hasPoppler, nonWhiteShare, pdfToText, POPPLER_ABSENT } from "./testing/poppler.ts";

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

  it("names hospitals and MDCs, states the sort order, totals each table, prints the caveat and Kuala Lumpur time", async () => {
    const hospitalNames = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`H${i}`, `Hospital Number ${i}`]));
    const mdcTitles = { "05": "Circulatory system" };
    const text = pdfToText(
      await renderPeriodPdf({ period: "2027-03", generatedAt: "2027-03-31T16:30:00Z", figures, hospitalNames, mdcTitles, caveat: "Definition demo 2026.1: illustrative, not for payment" }),
    );
    expect(text).toContain("ILLUSTRATIVE, NOT FOR PAYMENT");
    expect(text).toContain("Generated: 2027-04-01 00:30 (Asia/Kuala_Lumpur)");
    expect(text).toContain("By hospital (highest total payment first)");
    expect(text).toContain("05 Circulatory system");
    expect(text).toMatch(/Total payment \(RM\)/);
    const hospitalLines = text.split("\n").filter((l) => /^\s*H\d+ Hospital Number/.test(l));
    expect(hospitalLines).toHaveLength(12);
    const shown = hospitalLines.map((l) => /H(\d+) /.exec(l)![1]);
    const expected = figures.filter((f) => f.dimension === "hospital").sort((a, b) => Number(b.totalSen) - Number(a.totalSen) || (a.hospitalCode < b.hospitalCode ? -1 : 1)).map((f) => f.hospitalCode.slice(1));
    expect(shown).toEqual(expected);
    const totals = text.split("\n").filter((l) => /Total \((12|9)\)/.test(l));
    expect(totals).toHaveLength(2);
    for (const line of totals) expect(line).toContain(formatRinggit(total.totalSen));
  });

  it("draws a chart covering at least 5% of its area", async () => {
    const bytes = await renderPeriodPdf({ period: "2027-03", generatedAt: "2027-04-01T00:00:00Z", figures });
    const share = nonWhiteShare(bytes, CHART_BOX);
    console.log(`chart area non-white: ${(share * 100).toFixed(1)}%`);
    expect(share).toBeGreaterThanOrEqual(0.05);
  });

  it("draws each MDC's bar in proportion to its total payment, as read back from the rendered page", async () => {
    const bytes = await renderPeriodPdf({ period: "2027-03", generatedAt: "2027-04-01T00:00:00Z", figures });
    const mdcs = figures.filter((f) => f.dimension === "mdc").sort((a, b) => (a.mdc < b.mdc ? -1 : 1));
    const max = Math.max(...mdcs.map((m) => Number(m.totalSen)));
    const read = barHeights(bytes, PLOT_BOX, mdcs.map((_, i) => barCentre(i, mdcs.length)));
    const expected = mdcs.map((m) => (Number(m.totalSen) / max) * PLOT_BOX.height);
    console.log(`bar heights read back (pt): ${read.join(", ")}; expected ${expected.map((e) => e.toFixed(1)).join(", ")}`);
    read.forEach((h, i) => expect(Math.abs(h - expected[i])).toBeLessThanOrEqual(1.5));
    expect(Math.min(...read)).toBeLessThan(0.75 * Math.max(...read));
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

