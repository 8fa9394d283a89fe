import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConfigStore, seedDemoConfig } from "@casemix/config";
import { createTestPlatform, type Platform } from "@casemix/runtime";
import { createDbConfig } from "./config.ts";

let platform: Platform;
beforeEach(async () => {
  platform = await createTestPlatform();
  await seedDemoConfig(platform.db as never);
});
afterEach(() => platform.db.close());

const config = () => createDbConfig(platform.db, createConfigStore({ db: platform.db, cache: platform.cache }));

describe("createDbConfig", () => {
  it("finds the published tariff a claim was priced with, with its trim points", async () => {
    const tariff = await config().tariff("my-demo@1", "2027-01-15");
    expect(tariff?.versionId).toBe("my-demo@1");
    const drg = [...tariff!.drgs.values()][0];
    expect(drg.highTrim).toBeGreaterThanOrEqual(drg.lowTrim);
  });

  it("answers undefined for a tariff version nobody published", async () => {
    expect(await config().tariff("nope@9", "2027-01-15")).toBeUndefined();
  });

  it("gives a registered hospital's class", async () => {
    expect(await config().hospitalClass("H04-AD057A", "2027-01-15")).toBe("district");
  });
});
