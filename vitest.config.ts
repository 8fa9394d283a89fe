import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Three suites: unit tests need nothing running; integration tests (`*.int.test.ts`) talk to real
// PostgreSQL, Kafka, S3 and Redis started by scripts/with-services.sh; e2e tests drive the whole mesh.
export default defineConfig({
  test: {
    // Every skipped test is listed with its reason after the run, and one without a reason fails it
    // (shared/testing). .ci/run names the same reporter beside its own.
    reporters: ["default", "./shared/testing/src/skip-reporter.ts"],
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, where
    // the unit suite is CPU-bound in its workers and the main process mostly waits. Two use both cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: "unit",
          include: ["{events,shared,functions,knative,terraform}/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/*.int.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["{events,shared,functions,knative,terraform}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
