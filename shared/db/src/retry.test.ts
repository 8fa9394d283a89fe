import { describe, expect, it } from "vitest";
import { DbError } from "./errors.ts";
import { retryTransient } from "./retry.ts";

const sleep = async () => undefined;
const lost = () => new DbError("E_DB_UNAVAILABLE", "Connection terminated unexpectedly", { retryable: true });

describe("retryTransient", () => {
  it("runs again after a retryable error and returns the later result", async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await retryTransient(async () => (++calls < 3 ? Promise.reject(lost()) : "done"), { sleep: async (ms) => void waits.push(ms), delayMs: 100 });
    expect(result).toBe("done");
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it("passes a permanent error through at once", async () => {
    let calls = 0;
    const conflict = new DbError("E_DB_CONFLICT", "duplicate key", { sqlState: "23505" });
    await expect(retryTransient(async () => (calls++, Promise.reject(conflict)), { sleep })).rejects.toBe(conflict);
    expect(calls).toBe(1);
  });

  it("gives up after the attempts with the last error", async () => {
    let calls = 0;
    await expect(retryTransient(async () => (calls++, Promise.reject(lost())), { attempts: 4, sleep })).rejects.toMatchObject({ code: "E_DB_UNAVAILABLE" });
    expect(calls).toBe(4);
  });

  it("does not retry an error that is not a DbError", async () => {
    let calls = 0;
    await expect(retryTransient(async () => (calls++, Promise.reject(new Error("bug"))), { sleep })).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });
});
