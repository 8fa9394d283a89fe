import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustBrokerCa } from "./broker-ca.ts";

/**
 * Knative's strict transport encryption: K_SINK is HTTPS under the cluster's CA, given in K_CA_CERTS.
 * A real HTTPS server with a certificate of a CA made here stands in for the Broker's ingress.
 */
const dir = mkdtempSync(join(tmpdir(), "casemix-broker-ca-"));
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
let server: Server;
let url: string;
let caPem: string;

beforeAll(async () => {
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=casemix test broker CA");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=127.0.0.1");
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1' > san.ext"], { cwd: dir });
  openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "1", "-extfile", "san.ext");
  caPem = readFileSync(join(dir, "ca.pem"), "utf8");
  server = createServer({ key: readFileSync(join(dir, "srv.key")), cert: readFileSync(join(dir, "srv.pem")) }, (_req, res) => res.writeHead(202).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("the Broker's CA from K_CA_CERTS", () => {
  it("an HTTPS broker ingress under the cluster's CA is refused until its CA is trusted, then reached", async () => {
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
    expect(trustBrokerCa(caPem)).toBe(true);
    expect((await fetch(url, { method: "POST" })).status).toBe(202);
  });

  it("no CA, or something that is not a certificate, changes nothing", () => {
    expect(trustBrokerCa(undefined)).toBe(false);
    expect(trustBrokerCa("not a certificate")).toBe(false);
  });
});
