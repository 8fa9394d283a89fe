import { describe, expect, it } from "vitest";
import { createProbesApp } from "./app.ts";

describe("function probes", () => {
  it("readiness names the function, so a probe can tell it from another server on the port", async () => {
    const app = createProbesApp({ ready: async () => true, name: "group" });
    const res = await app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", function: "group" });
  });

  it("a readiness check that fails or throws answers 503", async () => {
    for (const ready of [async () => false, async () => { throw new Error("db down"); }]) {
      const res = await createProbesApp({ ready, name: "price" }).request("/readyz");
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "not ready", function: "price" });
    }
  });

  it("liveness answers without asking the database", async () => {
    const res = await createProbesApp({ ready: async () => false }).request("/healthz");
    expect(res.status).toBe(200);
  });
});
