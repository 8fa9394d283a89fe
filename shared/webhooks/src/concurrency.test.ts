import { describe, expect, it } from "vitest";
import { createSemaphore } from "./concurrency.ts";

describe("createSemaphore", () => {
  it("never lets more than the limit run at once", async () => {
    const semaphore = createSemaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await semaphore.acquire();
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
        release();
      }),
    );
    expect(peak).toBe(3);
    expect([semaphore.active(), semaphore.waiting()]).toEqual([0, 0]);
  });

  it("releasing twice frees one slot only", async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    release();
    release();
    await semaphore.acquire();
    expect(semaphore.active()).toBe(1);
  });
});
