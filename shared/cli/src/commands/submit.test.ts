import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { run as submit } from "./submit.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "casemix-file-kind-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A ZIP local file entry, stored: what every .xlsx is made of (the checker reads the entry names). */
function zipEntry(name: string, content: string): Buffer {
  const n = Buffer.from(name);
  const data = Buffer.from(content);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt32LE(data.length, 18);
  h.writeUInt32LE(data.length, 22);
  h.writeUInt16LE(n.length, 26);
  return Buffer.concat([h, n, data]);
}

// As Excel writes it: the workbook's main part names the spreadsheet content type.
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';

const write = (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** A fetch that reads the uploaded stream to its end, as a server would, then answers 202 with `body`. */
const answer = (body: unknown) => async (_url: unknown, init?: RequestInit) => {
  for await (const piece of init?.body as unknown as AsyncIterable<unknown>) void piece;
  return new Response(JSON.stringify(body), { status: 202 });
};

async function refused(path: string): Promise<string> {
  const fetched = vi.spyOn(globalThis, "fetch");
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  expect(await submit([path, "--token", "t", "--url", "http://127.0.0.1:9"], {})).toBe(1);
  expect(fetched).not.toHaveBeenCalled();
  return err.mock.calls.map((c) => String(c[0])).join("\n");
}

describe("casemix submit refuses a file that is not CSV, NDJSON or JSON before uploading", () => {
  it("names an Excel workbook, even one renamed .csv, and says how to save it", async () => {
    const xlsx = Buffer.concat([zipEntry("[Content_Types].xml", CONTENT_TYPES), zipEntry("xl/workbook.xml", "<workbook/>")]);
    const message = await refused(write("claims.csv", xlsx));
    expect(message).toContain("looks like an Excel workbook");
    expect(message).toContain("CSV UTF-8");
    expect(message).toContain("Nothing was uploaded");
  });

  it("names a PDF, a gzip file, UTF-16 text and other binary data", async () => {
    expect(await refused(write("claims.pdf", "%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"))).toContain("a PDF document");
    expect(await refused(write("claims.csv.gz", gzipSync("hospital_code\n")))).toContain("gzip-compressed");
    expect(await refused(write("utf16.csv", Buffer.from("\ufeffhospital_code,claim_number\n", "utf16le")))).toContain("UTF-16");
    expect(await refused(write("blob.csv", Buffer.from([0x68, 0x00, 0x01, 0x02, 0x03])))).toContain("binary data");
  });

  it("lets a CSV file through to the upload", async () => {
    const fetched = vi.spyOn(globalThis, "fetch").mockImplementation(answer({ batchId: "bat_x" }));
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await submit([write("ok.csv", "hospital_code,claim_number\n"), "--token", "t", "--url", "http://127.0.0.1:9"], {})).toBe(0);
    expect(fetched).toHaveBeenCalledOnce();
  });

  it("prints intake's warning when the same file was accepted before", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(answer({ batchId: "bat_2", sameFileAs: { batchId: "bat_1" }, warning: "this file was already accepted as batch bat_1" }));
    vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await submit([write("again.csv", "hospital_code,claim_number\n"), "--token", "t", "--url", "http://127.0.0.1:9"], {})).toBe(0);
    expect(err.mock.calls.map((c) => String(c[0])).join("\n")).toContain("warning: this file was already accepted as batch bat_1");
  });
});
