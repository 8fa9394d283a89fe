import { createTestPlatform } from "@casemix/runtime";
import { describeNotifyAcceptance } from "../test-support/acceptance-suite.ts";

// The issue 7 acceptance tests on PGlite (a migrated copy per test); the same suite runs on
// PostgreSQL in notify.int.test.ts.
describeNotifyAcceptance("PGlite", async () => {
  const platform = await createTestPlatform();
  return { platform, dispose: () => platform.db.close() };
});
