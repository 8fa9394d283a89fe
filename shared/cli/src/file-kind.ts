import { open } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";

export type FileKind = { ok: true } | { ok: false; message: string };

/** What to do with a file of a known kind that is no claim file. */
const ADVICE: Record<string, string> = {
  xlsx: "an Excel workbook: save the sheet as \"CSV UTF-8 (comma delimited)\" and send that",
  xls: "an old Excel workbook: save the sheet as \"CSV UTF-8 (comma delimited)\" and send that",
  ods: "an OpenDocument spreadsheet: save the sheet as CSV (UTF-8, comma) and send that",
  cfb: "an Office document (old Excel or Word format): save the sheet as \"CSV UTF-8 (comma delimited)\" and send that",
  zip: "a ZIP archive: unpack it and send the CSV, NDJSON or JSON file inside",
  gz: "gzip-compressed: decompress it first (gunzip) and send the file inside",
  pdf: "a PDF document: claims are sent as CSV, NDJSON or JSON, exported from the hospital system",
};

/**
 * Checks, before uploading, that a file looks like a claim file (CSV, NDJSON or JSON: UTF-8 text),
 * by its first bytes. A spreadsheet sent as it is was once read as text and answered with its binary
 * echoed back as "unknown column(s)" (issue 18). Magic bytes are read by `file-type`, which also
 * looks inside ZIP containers, so an .xlsx is named as one; UTF-16 and other binary files are caught here.
 */
export async function checkClaimFile(path: string): Promise<FileKind> {
  const handle = await open(path, "r");
  let bytes: Buffer;
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    bytes = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  // Before the magic-byte reader: a UTF-16 byte-order mark also matches an MPEG audio frame header.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `${path} is UTF-16 text (byte-order mark ${bytes[0].toString(16).toUpperCase()} ${bytes[1].toString(16).toUpperCase()}): save it as UTF-8 and send that` };
  }
  const found = await fileTypeFromFile(path);
  if (found) {
    const what = ADVICE[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime}): claims are sent as CSV, NDJSON or JSON text`;
    return { ok: false, message: `${path} is not a claim file: it looks like ${what}` };
  }
  if (bytes.includes(0)) return { ok: false, message: `${path} is not a claim file: it holds binary data (NUL bytes in its first ${bytes.length} bytes); send CSV, NDJSON or JSON text` };
  return { ok: true };
}
