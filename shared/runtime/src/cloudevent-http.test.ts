import { describe, expect, it } from "vitest";
import { eventFromHttp, eventToHttp, eventToStructuredHttp } from "./cloudevent-http.ts";
import type { CasemixEvent } from "@casemix/events";

const event: CasemixEvent = {
  specversion: "1.0",
  id: "evt_1",
  source: "/casemix/intake",
  type: "gov.my.casemix.test.happened.v1",
  subject: "bat_1",
  data: { claims: 3 },
  partitionkey: "H001",
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
};

describe("CloudEvents over HTTP", () => {
  it("a binary-mode event round-trips with its extensions and JSON data", () => {
    const back = eventFromHttp(eventToHttp(event));
    expect(back).toMatchObject({ ...event, datacontenttype: "application/json" });
  });

  it("a structured-mode event round-trips", () => {
    const back = eventFromHttp(eventToStructuredHttp(event));
    expect(back.data).toEqual({ claims: 3 });
    expect(back.partitionkey).toBe("H001");
  });

  it("a binary request without ce-source is rejected as invalid", () => {
    const msg = eventToHttp(event);
    delete msg.headers["ce-source"];
    expect(() => eventFromHttp(msg)).toThrowError(/invalid/);
  });

  it("a request with no CloudEvent headers is rejected with E_NOT_A_CLOUDEVENT", () => {
    expect(() => eventFromHttp({ headers: { "content-type": "application/json" }, body: "{}" })).toThrowError(
      expect.objectContaining({ code: "E_NOT_A_CLOUDEVENT" }),
    );
  });

  it("a wrong specversion is rejected", () => {
    const msg = eventToHttp(event);
    msg.headers["ce-specversion"] = "0.9";
    expect(() => eventFromHttp(msg)).toThrowError();
  });

  it("binary data that is not JSON is rejected naming the data", () => {
    const msg = eventToHttp(event);
    msg.body = "{not json";
    expect(() => eventFromHttp(msg)).toThrowError();
  });
});
