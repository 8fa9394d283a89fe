import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestPki } from "./pki.ts";

/**
 * `openssl s_server` demanding a client certificate from the test CA. Unlike a Node TLS server
 * (which accepts any certificate during the handshake and then just drops the socket), it refuses a
 * bad client certificate with a TLS alert, as the TLS terminators in front of real services do, so
 * the client sees the alert (e.g. ERR_SSL_TLSV1_ALERT_UNKNOWN_CA).
 */
export async function startOpensslServer(pki: TestPki, options: { maxTls12?: boolean } = {}): Promise<{ url: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "webhooks-sserver-"));
  writeFileSync(join(dir, "s.crt"), pki.serverCert);
  writeFileSync(join(dir, "s.key"), pki.serverKey);
  writeFileSync(join(dir, "ca.crt"), pki.caCert);
  const port = await freePort();
  const args = ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", "s.crt", "-key", "s.key", "-CAfile", "ca.crt", "-Verify", "1", "-verify_return_error", "-www"];
  if (options.maxTls12) args.push("-no_tls1_3");
  const child: ChildProcess = spawn("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("openssl s_server did not start")), 5000);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ACCEPT")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`openssl s_server exited with ${code}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `https://127.0.0.1:${port}`,
    close() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
