import { relative } from "node:path";
import type { Reporter, TestCase, TestModule } from "vitest/node";

// A test whose suite failed before it ran (a beforeAll hook, say) is marked skipped; the run fails anyway.
const NOT_RUN = "not run: its suite failed (the failure is reported above)";

function suiteFailed(test: TestCase): boolean {
  for (let at = test.parent; ; at = at.parent) {
    if (at.state() === "failed") return true;
    if (at.type === "module") return false;
  }
}

/**
 * A vitest reporter (vitest.config.ts, and .ci/run beside its own): after the run, lists every
 * skipped or todo test by its reason (`skipUnless` from this package, or `ctx.skip("why")` inside a
 * test) and fails the run when any has none, naming them.
 */
export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, number>();
    const unexplained: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== "skipped") continue;
        const reason = test.meta().skipReason ?? result.note ?? (suiteFailed(test) ? NOT_RUN : undefined);
        if (reason) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
        else unexplained.push(`${relative(process.cwd(), test.module.moduleId)} > ${test.fullName}`);
      }
    }
    const total = [...byReason.values()].reduce((a, b) => a + b, unexplained.length);
    if (total === 0) return;
    const lines = [...byReason].map(([reason, count]) => `  ${count} skipped: ${reason}`);
    console.log(`\nskipped tests by reason (${total}):\n${lines.join("\n")}`);
    if (unexplained.length > 0) {
      console.error(
        `${unexplained.length} test(s) skipped without a reason: use skipUnless(ok, reason) from @casemix/testing, or ctx.skip("reason")\n  ` +
          unexplained.join("\n  "),
      );
      process.exitCode = 1;
    }
  }
}
