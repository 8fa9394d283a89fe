import type { TestOptions } from "vitest";

declare module "vitest" {
  interface TaskMeta {
    /** Why the test is skipped: printed when the file is collected and checked after it ran (setup.ts). */
    skipReason?: string;
  }
}

/**
 * Options for `describe` or `it` that skip the tests when `ok` is false, saying why: the reason is
 * printed once when the file is collected and kept in the tests' meta, where the setup file (setup.ts)
 * finds it and lists it with the file's other skips. A skip without a reason fails its file there.
 *
 * @example
 * describe("CHS-DRG 1.1 conformance", skipUnless(hasSharedData, `${casesCsv} is absent`), () => {
 *   it("groups every case as expected", () => { ... });
 * });
 */
export function skipUnless(ok: boolean, reason: string): TestOptions {
  if (ok) return {};
  console.warn(`skipped: ${reason}`);
  return { skip: true, meta: { skipReason: reason } };
}
