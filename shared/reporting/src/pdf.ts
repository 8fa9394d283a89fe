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

export type PeriodPdfInput = {
  period: string;
  runId?: string;
  generatedAt: string;
  /** Figure rows of the period: one of dimension "period", and the "hospital" and "mdc" rows. */
  figures: readonly FigureRow[];
};

const BAR = "#1f4e79";
const pct = (rate: string) => `${(Number(rate) * 100).toFixed(2)}%`;

function drawChart(doc: PDFDocument, mdcs: readonly FigureRow[]): void {
  const { x, y, width, height } = CHART_BOX;
  doc.font("Helvetica-Bold").fontSize(11).fillColor("black").text("Total payment by MDC", x, y - 18);
  const plotTop = y + 10;
  const plotHeight = height - 40;
  const max = mdcs.reduce((m, r) => (BigInt(r.totalSen) > m ? BigInt(r.totalSen) : m), 1n);
  const slot = width / Math.max(1, mdcs.length);
  const barWidth = Math.max(2, slot * 0.8);
  mdcs.forEach((r, i) => {
    const h = Math.max(1, Number((BigInt(r.totalSen) * 1000n) / max) / 1000) * plotHeight;
    doc.rect(x + i * slot + (slot - barWidth) / 2, plotTop + plotHeight - h, barWidth, h).fill(BAR);
    if (mdcs.length <= 30) {
      doc.font("Helvetica").fontSize(7).fillColor("black").text(r.mdc, x + i * slot, plotTop + plotHeight + 4, { width: slot, align: "center" });
    }
  });
  doc.lineWidth(0.8).strokeColor("black").moveTo(x, plotTop + plotHeight).lineTo(x + width, plotTop + plotHeight).stroke();
  doc.font("Helvetica").fontSize(8).fillColor("black").text(`max ${formatRinggit(max)}`, x, plotTop - 10);
}

type Column = { title: string; width: number; value: (r: FigureRow) => string; align?: "left" | "right" };

function drawTable(doc: PDFDocument, title: string, rows: readonly FigureRow[], columns: readonly Column[]): void {
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
}

const figureColumns = (key: Column): Column[] => [
  key,
  { title: "Cases", width: 50, value: (r) => String(r.cases), align: "right" },
  { title: "CMI", width: 50, value: (r) => r.casemixIndex, align: "right" },
  { title: "ALOS", width: 45, value: (r) => r.averageLos, align: "right" },
  { title: "Total payment", width: 110, value: (r) => formatRinggit(r.totalSen), align: "right" },
  { title: "Mean payment", width: 90, value: (r) => formatRinggit(r.meanSen), align: "right" },
  { title: "Outliers", width: 60, value: (r) => pct(r.outlierRate), align: "right" },
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
  const hospitals = input.figures.filter((r) => r.dimension === "hospital");
  const mdcs = input.figures.filter((r) => r.dimension === "mdc");
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
  doc.font("Helvetica").fontSize(10).fillColor("black");
  const lines = [
    `Period: ${input.period}${input.runId ? `   Run: ${input.runId}` : ""}`,
    `Cases: ${total.cases}`,
    `Casemix index: ${total.casemixIndex}`,
    `Average length of stay: ${total.averageLos} days`,
    `Total payment: ${formatRinggit(total.totalSen)}`,
    `Mean payment: ${formatRinggit(total.meanSen)}`,
    `Outlier rate: ${pct(total.outlierRate)} (${total.flagged} flagged)`,
    `Generated: ${input.generatedAt}`,
  ];
  lines.forEach((line, i) => doc.text(line, 50, 85 + i * 15));
  drawChart(doc, mdcs);
  doc.y = CHART_BOX.y + CHART_BOX.height + 10;
  drawTable(doc, "By hospital", hospitals, figureColumns({ title: "Hospital", width: 80, value: (r) => r.hospitalCode }));
  drawTable(doc, "By MDC", mdcs, figureColumns({ title: "MDC", width: 80, value: (r) => r.mdc }));
  doc.end();
  return await done;
}
