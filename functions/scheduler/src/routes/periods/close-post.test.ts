import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import type { CasemixEvent } from "@casemix/events";
import { postCloseRoute } from "./close-post.ts";

describe("POST /v1/periods/:period/close", () => {
  let issuer: TestIssuer;
  const sent: CasemixEvent[] = [];
  let app: ReturnType<typeof postCloseRoute>;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
    app = postCloseRoute({ verifier, send: async (e) => void sent.push(...e), now: () => new Date("2027-03-10T00:00:00Z") });
  });
  afterAll(() => issuer.close());

  const post = async (period: string, body: unknown, roles = ["finance"]) =>
    app.request(`/v1/periods/${period}/close`, { method: "POST", headers: { authorization: `Bearer ${await issuer.token({ roles })}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  it("a finance officer's close sends period.closed and answers with the run to follow", async () => {
    const res = await post("2027-01", {});
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ period: "2027-01", runId: "run_close_2027-01", status: "/v1/runs/run_close_2027-01" });
    expect(sent.at(-1)?.data).toMatchObject({ period: "2027-01", runKind: "close" });
  });

  it("two re-closes asked at the same instant are two runs", async () => {
    const a = (await (await post("2027-01", { reclose: true })).json()) as { runId: string };
    const b = (await (await post("2027-01", { reclose: true })).json()) as { runId: string };
    expect(a.runId).toMatch(/^run_close_2027-01_20270310T000000_[0-9a-f]{6}$/);
    expect(a.runId).not.toBe(b.runId);
  });

  it("a month not over yet in Kuala Lumpur is refused with 409", async () => {
    expect((await post("2027-03", {})).status).toBe(409);
  });

  it("a hospital user may not close a period", async () => {
    expect((await post("2027-01", {}, ["hospital"])).status).toBe(403);
  });

  it("a malformed period names the field", async () => {
    const res = await post("2027-1", {});
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "E_PERIOD", field: "period" } });
  });
});
