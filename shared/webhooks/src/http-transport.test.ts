import { describe, expect, it } from "vitest";
import { transportErrorCode } from "./http-transport.ts";

describe("transportErrorCode", () => {
  it("names a TLS 1.2 alert the way Node names the same alert under TLS 1.3", () => {
    const message = "write EPROTO C0CCEA19E97F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 48";
    expect(transportErrorCode({ code: "EPROTO", message })).toBe("ERR_SSL_TLSV1_ALERT_UNKNOWN_CA");
  });

  it("names a handshake failure alert", () => {
    const message = "write EPROTO C0CCEA19E97F0000:error:0A000410:SSL routines:ssl3_read_bytes:ssl/tls alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 40";
    expect(transportErrorCode({ code: "EPROTO", message })).toBe("ERR_SSL_SSL_TLS_ALERT_HANDSHAKE_FAILURE");
  });

  it("keeps the code Node gave when there is one", () => {
    expect(transportErrorCode({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", message: "unable to verify the first certificate" })).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(transportErrorCode({ message: "boom" })).toBe("E_TRANSPORT");
  });
});
