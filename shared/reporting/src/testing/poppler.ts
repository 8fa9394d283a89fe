import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Reading PDFs back with Debian's poppler-utils (`apt-get install -y poppler-utils`, or
 * scripts/install-tools.sh), for tests: the PDF must hold what the API says, as a reader sees it.
 */

/** Why a test that reads a PDF back is skipped when `hasPoppler()` is false. */
export const POPPLER_ABSENT = "pdftotext and pdftoppm are not installed (Debian poppler-utils: bash scripts/install-tools.sh)";

/** True when pdftotext and pdftoppm are on the PATH. */
export function hasPoppler(): boolean {
  return ["pdftotext", "pdftoppm"].every((cmd) => spawnSync(cmd, ["-v"]).status === 0);
}

function withFile<T>(bytes: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "casemix-pdf-"));
  try {
    const path = join(dir, "report.pdf");
    writeFileSync(path, bytes);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text, as `pdftotext -layout` extracts it. */
export function pdfToText(bytes: Uint8Array): string {
  return withFile(bytes, (path) => execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }));
}

/** A box of page `page` rendered by `pdftoppm` in grey at 72 dpi (one pixel per point): width, height, pixels row by row. */
function greyPixels(bytes: Uint8Array, box: { x: number; y: number; width: number; height: number }, page: number): { w: number; h: number; pixels: Uint8Array } {
  const pgm = withFile(bytes, (path) =>
    execFileSync("pdftoppm", ["-gray", "-r", "72", "-f", String(page), "-l", String(page), "-x", String(box.x), "-y", String(box.y), "-W", String(box.width), "-H", String(box.height), path]),
  );
  // Binary PGM (P5): "P5\n<w> <h>\n<max>\n" then w*h bytes.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("pdftoppm did not give a binary PGM");
  const [, w, h] = header.map(Number);
  return { w, h, pixels: pgm.subarray(header[0].length, header[0].length + w * h) };
}

/**
 * The height in pixels (points) of the dark run standing on the bottom edge of `box` at each page x
 * of `xs`: how tall a bar drawn there is, as a reader sees it. "Dark" is a grey level below 128.
 */
export function barHeights(bytes: Uint8Array, box: { x: number; y: number; width: number; height: number }, xs: readonly number[], page = 1): number[] {
  const { w, h, pixels } = greyPixels(bytes, box, page);
  return xs.map((x) => {
    const col = Math.round(x - box.x);
    if (col < 0 || col >= w) throw new Error(`x ${x} is outside the box`);
    let run = 0;
    for (let row = h - 1; row >= 0 && pixels[row * w + col] < 128; row--) run++;
    return run;
  });
}

/**
 * The share of non-white pixels in a box of page `page`, rendered by `pdftoppm` in grey at 72 dpi
 * (one pixel per PDF point, so the box is in points). "Non-white" is a grey level below 250.
 */
export function nonWhiteShare(bytes: Uint8Array, box: { x: number; y: number; width: number; height: number }, page = 1): number {
  const { pixels } = greyPixels(bytes, box, page);
  let dark = 0;
  for (const p of pixels) if (p < 250) dark++;
  return dark / pixels.length;
}
