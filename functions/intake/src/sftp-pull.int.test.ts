import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { execFileSync } from "node:child_process";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { GENERATED_HEADER, generateClaimRows } from "@casemix/claims";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { openSftp } from "@casemix/sftp";
import { loadIntakeEnv } from "./env.ts";
import { pullOnce } from "./sftp-pull.ts";

// The OpenSSH test server of scripts/services-up.sh sftp (`source scripts/services-env.sh`).
const sftp = { host: process.env.SFTP_HOST, port: Number(process.env.SFTP_PORT ?? 2222), user: process.env.SFTP_USER, key: process.env.SFTP_KEY_PATH, knownHosts: process.env.SFTP_KNOWN_HOSTS, local: process.env.SFTP_LOCAL_DIR };
const hasSftp = Boolean(sftp.host && sftp.key && sftp.knownHosts && sftp.local);

/**
 * A TCP proxy in front of the SFTP server that cuts connection number `cutConnection` after
 * `cutAfterBytes` bytes from the server: a dropped connection in the middle of a transfer.
 */
function startDroppingProxy(cutConnection: number, cutAfterBytes: number): Promise<{ port: number; close(): Promise<void> }> {
  let n = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const index = ++n;
    const upstream = connect(sftp.port, sftp.host);
    sockets.add(client).add(upstream);
    let fromServer = 0;
    upstream.on("data", (d) => {
      fromServer += d.length;
      if (index === cutConnection && fromServer > cutAfterBytes) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    client.on("data", (d) => upstream.write(d));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => {});
    upstream.on("error", () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
      }),
    ),
  );
}

let platform: TestPlatform;
let dir: string;
let local: string;

/** Each test pulls from a folder of its own under the SFTP user's /upload. */
beforeEach(async () => {
  platform = await createTestPlatform();
  if (!hasSftp) return;
  dir = `pull-int-${process.pid}-${Date.now()}`;
  local = join(sftp.local!, dir);
  await mkdir(local, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", [sftp.user ?? "casemix-sftp", local]);
});
afterEach(async () => {
  await platform.db.close();
  if (hasSftp) await rm(local, { recursive: true, force: true });
});

const deps = () => ({ platform, env: loadIntakeEnv({ SFTP_DIR: `/upload/${dir}`, INTAKE_CHUNK_SIZE: "1000" }), pseudonymKey: "k".repeat(40), raw: createRawObjects(platform.store, developmentMasterKeys("test")) });
const opener = (port: number) => () => openSftp({ host: "127.0.0.1", port, username: sftp.user!, privateKeyPath: sftp.key!, knownHostsPath: sftp.knownHosts!, knownHostsPort: sftp.port, timeoutMs: 5000 });

async function dropFile(name: string, claims: number): Promise<void> {
  const lines = [GENERATED_HEADER, ...[...generateClaimRows({ seed: 3, count: claims, hospitalCode: "H10-DEC915" })].map((r) => r.line)];
  await writeFile(join(local, name), lines.join("\n") + "\n");
}

describe("SFTP pull connector against OpenSSH", skipUnless(hasSftp, "no SFTP server: run scripts/services-up.sh sftp and source scripts/services-env.sh"), () => {
  it("a dropped connection mid-transfer loses nothing: the next pull fetches the file once, whole, under the same batch", async () => {
    await dropFile("H10-DEC915_drop.csv", 20_000);
    const proxy = await startDroppingProxy(1, 300_000);
    try {
      const first = await pullOnce(deps(), { open: opener(proxy.port) });
      expect(first.error).toBeDefined();
      expect(await readdir(local)).toContain("H10-DEC915_drop.csv");
      const second = await pullOnce(deps(), { open: opener(proxy.port) });
      expect(second.error).toBeUndefined();
      expect(second.outcomes).toEqual([expect.objectContaining({ file: "H10-DEC915_drop.csv", status: "done", rows: 20_000 })]);
      // Every row recorded once, in one batch: the chunks intake recorded and the batch's count of rows.
      const { rows } = await platform.db.query<{ n: number; batches: number; received: number }>(
        "SELECT sum(c.row_count)::int AS n, count(DISTINCT c.batch_id)::int AS batches, max(b.rows_received)::int AS received FROM intake_chunk c JOIN batch b ON b.id = c.batch_id",
      );
      expect(rows[0]).toEqual({ n: 20_000, batches: 1, received: 20_000 });
      expect(await readdir(join(local, "done"))).toContain("H10-DEC915_drop.csv");
      const third = await pullOnce(deps(), { open: opener(proxy.port) });
      expect(third.outcomes).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("a file whose name names no hospital is set aside in failed/ and never fetched again", async () => {
    await writeFile(join(local, "claims.csv"), "x\n");
    const report = await pullOnce(deps(), { open: opener(sftp.port) });
    expect(report.outcomes).toEqual([expect.objectContaining({ file: "claims.csv", status: "failed", code: "E_SFTP_FILE_NAME" })]);
    expect(await readdir(join(local, "failed"))).toContain("claims.csv");
  });
});
