import type PDFDocument from "pdfkit";
import { formatRinggit } from "./decimal.ts";
import type { FigureRow } from "./types.ts";

/**
 * The period report as a PDF: a summary (period, cases, casemix index, ALOS, total and mean payment,
 * outlier rate), a bar chart of total payment by MDC, and tables by hospital and by MDC. Built with
 * pdfkit's standard fonts, so it needs no font files and reads back with poppler's pdftotext.
 */

/** Where the chart sits on page 1, in PDF points from the top left (A4 is 595 x 842). */
export const CHART_BOX = { x: 50, y: 250, width: 495, height: 230 } as const;

/** The plot inside the chart: bars stand on its bottom edge; a bar of the largest value fills its height. */
export const PLOT_BOX = { x: CHART_BOX.x, y: CHART_BOX.y + 10, width: CHART_BOX.width, height: CHART_BOX.height - 40 } as const;

/** The horizontal centre of bar `i` of `n`, in points from the page's left edge. */
export const barCentre = (i: number, n: number) => PLOT_BOX.x + (i + 0.5) * (PLOT_BOX.width / Math.max(1, n));

export type PeriodPdfInput = {
  period: string;
  runId?: string;
  /** An instant (ISO 8601); printed in Asia/Kuala_Lumpur time, where periods are stated (DESIGN.md). */
  generatedAt: string;
  /** Figure rows of the period: one of dimension "period", and the "hospital" and "mdc" rows. */
  figures: readonly FigureRow[];
  /** Hospital names by code, from the register in force; a code without one is printed alone. */
  hospitalNames?: Readonly<Record<string, string>>;
  /** MDC titles by code, from the definition in force. */
  mdcTitles?: Readonly<Record<string, string>>;
  /** The definition's caveat, printed under the title (e.g. the demo's "illustrative, not for payment"). */
  caveat?: string;
};

/** An instant as "YYYY-MM-DD HH:mm (Asia/Kuala_Lumpur)": a reader in Malaysia reads local time, not UTC. */
export function klTime(instant: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Kuala_Lumpur", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} (Asia/Kuala_Lumpur)`;
}

const bySenDescending = (a: FigureRow, b: FigureRow) => {
  const d = BigInt(b.totalSen) - BigInt(a.totalSen);
  return d > 0n ? 1 : d < 0n ? -1 : a.hospitalCode < b.hospitalCode ? -1 : 1;
};
const byMdc = (a: FigureRow, b: FigureRow) => (a.mdc < b.mdc ? -1 : a.mdc > b.mdc ? 1 : 0);
/** "CODE Name", cut to fit a 135-point column of 8-point Helvetica (~32 characters). */
const named = (code: string, names?: Readonly<Record<string, string>>) => {
  const text = names?.[code] ? `${code} ${names[code]}` : code;
  return text.length > 32 ? `${text.slice(0, 30)}...` : text;
};

const BAR = "#1f4e79";
const pct = (rate: string) => `${(Number(rate) * 100).toFixed(2)}%`;

function drawChart(doc: PDFDocument, mdcs: readonly FigureRow[]): void {
  const { x, y, width } = CHART_BOX;
  doc.font("Helvetica-Bold").fontSize(11).fillColor("black").text("Total payment by MDC", x, y - 18);
  const plotTop = PLOT_BOX.y;
  const plotHeight = PLOT_BOX.height;
  const max = mdcs.reduce((m, r) => (BigInt(r.totalSen) > m ? BigInt(r.totalSen) : m), 1n);
  const slot = width / Math.max(1, mdcs.length);
  const barWidth = Math.max(2, slot * 0.8);
  mdcs.forEach((r, i) => {
    // Proportional to the value (to 1/1000 of the tallest bar). The ratio was once clamped to at least 1,
    // which drew every bar at full height (issue 18); a bar of a small non-zero value stays visible
    // at half a point rather than vanishing.
    const ratio = Number((BigInt(r.totalSen) * 1000n) / max) / 1000;
    const h = BigInt(r.totalSen) > 0n ? Math.max(0.5, ratio * plotHeight) : 0;
    doc.rect(x + i * slot + (slot - barWidth) / 2, plotTop + plotHeight - h, barWidth, h).fill(BAR);
    if (mdcs.length <= 30) {
      doc.font("Helvetica").fontSize(7).fillColor("black").text(r.mdc, x + i * slot, plotTop + plotHeight + 4, { width: slot, align: "center" });
    }
  });
  doc.lineWidth(0.8).strokeColor("black").moveTo(x, plotTop + plotHeight).lineTo(x + width, plotTop + plotHeight).stroke();
  doc.font("Helvetica").fontSize(8).fillColor("black").text(`max ${formatRinggit(max)}`, x, plotTop - 10);
}

type Column = { title: string; width: number; value: (r: FigureRow) => string; align?: "left" | "right" };

/** The rows, then a bold total row (the period's own figure, so the total is the API's, not a re-sum). */
function drawTable(doc: PDFDocument, title: string, rows: readonly FigureRow[], columns: readonly Column[], total: FigureRow): void {
  const left = 50;
  const lineHeight = 13;
  const header = () => {
    let cx = left;
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(8).fillColor("black");
    for (const c of columns) doc.text(c.title, cx, y, { width: c.width, align: c.align ?? "left", lineBreak: false }), (cx += c.width);
    doc.y = y + lineHeight;
  };
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(11).text(title, left, doc.y + 10);
  doc.y += 4;
  header();
  for (const r of rows) {
    if (doc.y > doc.page.height - 60) doc.addPage(), (doc.y = 50), header();
    let cx = left;
    const y = doc.y;
    doc.font("Helvetica").fontSize(8);
    for (const c of columns) doc.text(c.value(r), cx, y, { width: c.width, align: c.align ?? "left", lineBreak: false }), (cx += c.width);
    doc.y = y + lineHeight;
  }
  if (doc.y > doc.page.height - 60) doc.addPage(), (doc.y = 50);
  let cx = left;
  const y = doc.y;
  doc.font("Helvetica-Bold").fontSize(8);
  columns.forEach((c, i) => {
    doc.text(i === 0 ? `Total (${rows.length})` : c.value(total), cx, y, { width: c.width, align: c.align ?? "left", lineBreak: false });
    cx += c.width;
  });
  doc.y = y + lineHeight;
}

const figureColumns = (key: Column): Column[] => [
  key,
  { title: "Cases", width: 40, value: (r) => String(r.cases), align: "right" },
  { title: "CMI", width: 45, value: (r) => r.casemixIndex, align: "right" },
  { title: "ALOS", width: 35, value: (r) => r.averageLos, align: "right" },
  { title: "Total payment (RM)", width: 100, value: (r) => formatRinggit(r.totalSen), align: "right" },
  { title: "Mean payment (RM)", width: 80, value: (r) => formatRinggit(r.meanSen), align: "right" },
  { title: "Outliers", width: 50, value: (r) => pct(r.outlierRate), align: "right" },
];

/**
 * Renders the period report; resolves with the PDF bytes.
 *
 * @example
 * const bytes = await renderPeriodPdf({ period: "2027-01", generatedAt: now.toISOString(), figures });
 */
export async function renderPeriodPdf(input: PeriodPdfInput): Promise<Uint8Array> {
  const total = input.figures.find((r) => r.dimension === "period" && r.period === input.period);
  if (!total) throw new Error(`no figures for period ${input.period}`);
  // Loaded here, not at import: pdfkit and its font engine are ~0.15 s of report's cold start, and a
  // PDF is drawn once per period close.
  const { default: PDFDocumentClass } = await import("pdfkit");
  const hospitals = input.figures.filter((r) => r.dimension === "hospital").sort(bySenDescending);
  const mdcs = input.figures.filter((r) => r.dimension === "mdc").sort(byMdc);
  // A fixed CreationDate keeps the bytes of a re-rendered report identical (write-once objects).
  const info = { Title: `Casemix report ${input.period}`, Producer: "casemix report", CreationDate: new Date(input.generatedAt) };
  const doc = new PDFDocumentClass({ size: "A4", margin: 50, info });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (c) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  doc.font("Helvetica-Bold").fontSize(18).text(`Casemix report, period ${input.period}`, 50, 50);
  if (input.caveat) doc.font("Helvetica-Bold").fontSize(10).fillColor("#a00000").text(input.caveat.toUpperCase(), 50, 72);
  doc.font("Helvetica").fontSize(10).fillColor("black");
  const lines = [
    `Period: ${input.period}${input.runId ? `   Run: ${input.runId}` : ""}`,
    `Cases: ${total.cases}`,
    `Casemix index: ${total.casemixIndex}`,
    `Average length of stay: ${total.averageLos} days`,
    `Total payment: ${formatRinggit(total.totalSen)}`,
    `Mean payment: ${formatRinggit(total.meanSen)}`,
    `Outlier rate: ${pct(total.outlierRate)} (${total.flagged} flagged)`,
    `Generated: ${klTime(input.generatedAt)}   Money in ringgit (RM); the API gives sen`,
  ];
  lines.forEach((line, i) => doc.text(line, 50, 88 + i * 14));
  drawChart(doc, mdcs);
  doc.y = CHART_BOX.y + CHART_BOX.height + 10;
  drawTable(doc, "By hospital (highest total payment first)", hospitals, figureColumns({ title: "Hospital", width: 135, value: (r) => named(r.hospitalCode, input.hospitalNames) }), total);
  drawTable(doc, "By MDC (in MDC order)", mdcs, figureColumns({ title: "MDC", width: 135, value: (r) => named(r.mdc, input.mdcTitles) }), total);
  doc.end();
  return await done;
}
