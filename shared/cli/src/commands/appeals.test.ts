import { createServer, type Server } from "node:http";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "./appeals.ts";

/** A stand-in for the appeals API: records each request, answers with `answer`. */
type Seen = { method: string; url: string; auth?: string; contentType?: string; body: Buffer };
let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, contentType: req.headers["content-type"], body: Buffer.concat(parts) });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: { appealId: "apl_1", state: "decided" } };
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});

const common = () => ["--url", base, "--token", "tok"];

describe("casemix appeals", () => {
  it("decide sends the decision and the coding from the flags, with the token", async () => {
    const code = await run(["decide", "apl_1", "--decision", "overturned", "--pdx", "J15.9", "--sdx", "E11.9, I10", "--procedures", "96.71@2027-01-03", "--note", "per notes", ...common()]);
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v1/appeals/apl_1/decide", auth: "Bearer tok", contentType: "application/json" });
    expect(JSON.parse(seen[0].body.toString())).toEqual({
      decision: "overturned", note: "per notes",
      coding: { principalDiagnosis: "J15.9", secondaryDiagnoses: ["E11.9", "I10"], procedures: [{ code: "96.71", date: "2027-01-03" }] },
    });
  });

  it("evidence uploads the file's bytes under its base name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "appeal-cli-"));
    const file = join(dir, "summary.pdf");
    await writeFile(file, "%PDF-1.4 test");
    expect(await run(["evidence", "apl_1", file, ...common()])).toBe(0);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v1/appeals/apl_1/evidence?fileName=summary.pdf", contentType: "application/octet-stream" });
    expect(seen[0].body.toString()).toBe("%PDF-1.4 test");
  });

  it("file and list build their requests; a refusal exits 1 with the API's code", async () => {
    expect(await run(["list", "--state", "filed", ...common()])).toBe(0);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/v1/appeals?state=filed" });
    expect(await run(["list", "--limit", "20", "--after", "MjAyNi0xMi0wN3xhcGxfMQ", ...common()])).toBe(0);
    expect(seen.pop()).toMatchObject({ method: "GET", url: "/v1/appeals?limit=20&after=MjAyNi0xMi0wN3xhcGxfMQ" });
    answer = { status: 409, body: { error: { code: "E_APPEAL_OPEN", message: "already open" } } };
    expect(await run(["file", "--claim", "clm_1", "--claim-version", "2", "--reason", "A_WRONG_PDX", "--text", "why", ...common()])).toBe(1);
    expect(JSON.parse(seen[1].body.toString())).toEqual({ claimId: "clm_1", claimVersion: 2, reasonCode: "A_WRONG_PDX", reasonText: "why" });
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("E_APPEAL_OPEN"));
  });

  it("a missing appeal id or decision is a usage error (2) and sends nothing", async () => {
    expect(await run(["review", ...common()])).toBe(2);
    expect(await run(["decide", "apl_1", ...common()])).toBe(2);
    expect(await run(["frobnicate", ...common()])).toBe(2);
    expect(seen).toEqual([]);
  });
});
