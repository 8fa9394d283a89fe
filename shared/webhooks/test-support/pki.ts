import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM material for loopback mutual-TLS tests, made fresh by `openssl` at test time (nothing committed). */
export type TestPki = {
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Signed by the test CA: the server accepts it. */
  clientCert: string;
  clientKey: string;
  /** Signed by another CA: the server refuses it. */
  rogueClientCert: string;
  rogueClientKey: string;
};

/** Why a test that needs the openssl CLI is skipped when `hasOpenssl()` is false. */
export const OPENSSL_ABSENT = "the openssl CLI is not installed (Debian openssl)";

/** Whether the openssl CLI is there (tests that need it skip with a reason otherwise). */
export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a test CA, a server certificate for 127.0.0.1/localhost, a client certificate, and a client
 * certificate from a second ("rogue") CA. EC P-256 keys: quick to make, like MyGDX's.
 */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "webhooks-pki-"));
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const key = (name: string) => ssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`);
  const ca = (name: string) => {
    key(name);
    ssl("req", "-x509", "-new", "-key", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${name}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  };
  const leaf = (name: string, issuer: string, cn: string, ext: string) => {
    key(name);
    ssl("req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.crt`, "-CAkey", `${issuer}.key`, "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`);
  };
  try {
    ca("test-ca");
    ca("rogue-ca");
    leaf("server", "test-ca", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    leaf("client", "test-ca", "casemix-notify", "extendedKeyUsage=clientAuth\n");
    leaf("rogue", "rogue-ca", "casemix-notify", "extendedKeyUsage=clientAuth\n");
    const read = (f: string) => readFileSync(join(dir, f), "utf8");
    return {
      caCert: read("test-ca.crt"), serverCert: read("server.crt"), serverKey: read("server.key"),
      clientCert: read("client.crt"), clientKey: read("client.key"),
      rogueClientCert: read("rogue.crt"), rogueClientKey: read("rogue.key"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
