import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { createTestPki, hasOpenssl, OPENSSL_ABSENT, type TestPki } from "../test-support/pki.ts";
import { createTlsAgent, sendHttps } from "./http-transport.ts";

describe("sendHttps against loopback servers", skipUnless(hasOpenssl(), OPENSSL_ABSENT), () => {
  let pki: TestPki;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    pki = createTestPki();
    server = createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
      if (req.url === "/hang") return; // never answers
      if (req.url === "/trickle") {
        res.writeHead(200);
        const timer = setInterval(() => res.write("."), 20);
        res.on("close", () => clearInterval(timer));
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("answers with status, headers and body over a trusted certificate", async () => {
    const out = await sendHttps({ method: "GET", url: `${url}/`, agent: createTlsAgent({ ca: pki.caCert }), timeoutMs: 2000 });
    expect(out.ok && [out.response.status, out.response.body]).toEqual([200, "ok"]);
  });

  it("a server certificate from an unknown CA is an error with its certificate code", async () => {
    const out = await sendHttps({ method: "GET", url: `${url}/`, agent: createTlsAgent(), timeoutMs: 2000 });
    expect(out.ok ? "" : out.error.code).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  it("a server that never answers times out as ETIMEDOUT", async () => {
    const out = await sendHttps({ method: "POST", url: `${url}/hang`, body: "{}", agent: createTlsAgent({ ca: pki.caCert }), timeoutMs: 200 });
    expect(out.ok ? "" : out.error.code).toBe("ETIMEDOUT");
  });

  it("a server that trickles its answer is cut at the deadline, not kept alive by each byte", async () => {
    const out = await sendHttps({ method: "GET", url: `${url}/trickle`, agent: createTlsAgent({ ca: pki.caCert }), timeoutMs: 300 });
    expect(out.ok ? "" : out.error.code).toBe("ETIMEDOUT");
    expect(out.durationMs).toBeLessThan(1000);
  });
});
