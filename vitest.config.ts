import { defineConfig } from "vitest/config";

// Three suites: unit tests need nothing running; integration tests (`*.int.test.ts`) talk to real
// PostgreSQL, Kafka, S3 and Redis started by scripts/with-services.sh; e2e tests drive the whole mesh.
export default defineConfig({
  test: {
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
