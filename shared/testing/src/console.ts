import { afterEach, beforeEach, vi } from "vitest";

/**
 * The lines printed with console.log and console.error by each test of the file (or `describe`) that
 * calls this at its top, in order, instead of on the terminal: a command's output to assert on.
 * Emptied before each test; empty it within one with `out.length = 0`.
 *
 * @example
 * const out = captureConsole();
 * it("prints ok", async () => {
 *   expect(await run(["verify"])).toBe(0);
 *   expect(out.at(-1)).toBe("ok");
 * });
 */
export function captureConsole(): string[] {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  });
  afterEach(() => vi.restoreAllMocks());
  return lines;
}
