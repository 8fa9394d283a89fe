import { describe, expect, it } from "vitest";
import { notificationFailureCode } from "./failure-code.ts";

const dead = (reason: "exhausted" | "permanent" | "gone", lastErrorCode: string | null, lastHttpStatus: number | null = null) =>
  ({ webhookId: "msg_1", subscriptionId: "sub_1", status: "dead" as const, attempts: 8, reason, lastErrorCode, lastHttpStatus });

describe("notificationFailureCode", () => {
  it("sorts last errors into the stable notification codes", () => {
    expect([
      notificationFailureCode(dead("gone", "HTTP_410", 410)),
      notificationFailureCode(dead("exhausted", "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA")),
      notificationFailureCode(dead("exhausted", "ETIMEDOUT")),
      notificationFailureCode(dead("exhausted", "ECONNREFUSED")),
      notificationFailureCode(dead("permanent", "E_OIDC_TOKEN")),
      notificationFailureCode(dead("permanent", "HTTP_422", 422)),
      notificationFailureCode(dead("exhausted", "HTTP_503", 503)),
    ]).toEqual(["E_WEBHOOK_GONE", "E_WEBHOOK_TLS", "E_WEBHOOK_TIMEOUT", "E_WEBHOOK_UNREACHABLE", "E_WEBHOOK_AUTH", "E_WEBHOOK_REJECTED", "E_WEBHOOK_HTTP_ERROR"]);
  });
});
