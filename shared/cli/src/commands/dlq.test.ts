import { afterEach, describe, expect, it, vi } from "vitest";
import { run, usage } from "./dlq.ts";

afterEach(() => vi.restoreAllMocks());

describe("casemix dlq --knative", () => {
  it("is offered for listing the Knative KafkaSink's topic", () => {
    expect(usage).toMatch(/--knative[\s\S]*casemix\.dead-letter/);
  });

  it("refuses to replay there (no Knative Trigger reads the local broker's topic) and needs KAFKA_BROKERS, before touching any store", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await run(["replay", "evt_x", "--knative"], { KAFKA_BROKERS: "127.0.0.1:1" })).toBe(2);
    expect(await run(["list", "--knative"], {})).toBe(2);
    expect(errors.mock.calls.flat().join("\n")).toMatch(/does not replay/);
  });
});
