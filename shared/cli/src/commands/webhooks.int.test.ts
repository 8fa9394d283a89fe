import { spawn } from "node:child_process";
import { cpSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPgliteDb, pgliteTemplateDir } from "@casemix/db";
import { createSqlDeadLetterStore } from "@casemix/webhooks";
import { run } from "./webhooks.ts";

let dir: string;
let out: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casemix-webhooks-cli-"));
  // A copy of the migrated template opens in a fraction of a fresh initdb + migrate.
  cpSync(await pgliteTemplateDir(), dir, { recursive: true });
  out = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => void out.push(line));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const id = "msg_" + "b".repeat(32);

async function seedDeadLetter(): Promise<void> {
  const db = await createPgliteDb({ dataDir: dir });
  await db.query(
    "INSERT INTO webhook_deliveries (webhook_id, subscription_id, event_id, event_type, body, status, attempts, budget_used) VALUES ($1, 'sub_1', 'evt_1', 'gov.my.casemix.period.priced.v1', '{}', 'dead', 8, 8)",
    [id],
  );
  await createSqlDeadLetterStore(db).put({
    webhookId: id, subscriptionId: "sub_1", eventId: "evt_1", eventType: "gov.my.casemix.period.priced.v1", hospitalCode: null, body: "{}",
    reason: "exhausted", attempts: 8, lastHttpStatus: 503, lastErrorCode: "HTTP_503", deadAt: "2027-02-01T01:40:00.000Z", status: "dead", replayedAt: null,
  });
  await db.close();
}

describe("casemix webhooks keys", () => {
  it("adds, activates, retires with an overlap and revokes a key; a wrong transition exits 1 naming the state", async () => {
    const env = { PGLITE_DATA_DIR: dir };
    expect(await run(["keys", "add", "key_cli", "--kind", "hmac"], env)).toBe(0);
    expect(out[0]).toBe("key_cli  hmac  pending (activate it to sign)");
    expect(out[1]).toMatch(/^secret \(give it to the receiver; shown once\): whsec_/);
    expect(await run(["keys", "retire", "key_cli"], env)).toBe(1);
    expect(out[2]).toContain("E_KEY_STATE");
    expect(await run(["keys", "activate", "key_cli"], env)).toBe(0);
    expect(await run(["keys", "retire", "key_cli", "--overlap-seconds", "3600"], env)).toBe(0);
    expect(out[4]).toMatch(/^key_cli  retiring  until /);
    expect(await run(["keys", "revoke", "key_cli"], env)).toBe(0);
    expect(await run(["keys", "list"], env)).toBe(0);
    expect(out.at(-1)).toBe("key_cli  hmac  revoked");
    const db = await createPgliteDb({ dataDir: dir });
    const { rows } = await db.query("SELECT secret_sealed FROM webhook_signing_keys");
    await db.close();
    expect(rows).toEqual([{ secret_sealed: null }]);
  }, 180_000); // seven commands, each opening the PGlite folder
});

describe("casemix webhooks dlq", () => {
  it("lists the dead letters with their reason and last error", async () => {
    await seedDeadLetter();
    expect(await run(["dlq", "list"], { PGLITE_DATA_DIR: dir })).toBe(0);
    expect(out[0]).toContain(`${id}  dead  reason=exhausted  attempts=8  last=HTTP_503  hospital=(MyGDX)`);
  });

  it("replays a dead letter into notify's queue, and refuses to queue it twice", async () => {
    await seedDeadLetter();
    expect(await run(["dlq", "replay", id], { PGLITE_DATA_DIR: dir })).toBe(0);
    expect(out).toEqual([`queued ${id} for replay`]);
    expect(await run(["dlq", "replay", "--all"], { PGLITE_DATA_DIR: dir })).toBe(1);
    expect(out[1]).toContain("E_REPLAY_PENDING");
    const db = await createPgliteDb({ dataDir: dir });
    const { rows } = await db.query("SELECT status, replay FROM webhook_deliveries");
    await db.close();
    expect(rows).toEqual([{ status: "pending", replay: true }]);
  });

  it("an unknown verb prints the usage and exits 2", async () => {
    expect(await run(["dlq", "purge"], { PGLITE_DATA_DIR: dir })).toBe(2);
    expect(out[0]).toContain("usage: casemix webhooks dlq list");
  });
});

describe("casemix webhooks dlq against a PGlite folder another process has open", () => {
  it("refuses with a message naming the process that holds the folder, and changes nothing", async () => {
    await seedDeadLetter();
    // What `npm start` does to the folder: a process that opened it through createDb and keeps it open.
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `import { createDb } from "@casemix/db"; await createDb({ PGLITE_DATA_DIR: ${JSON.stringify(dir)} }); console.log("open"); setInterval(() => {}, 1000);`], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on("data", (d: Buffer) => d.toString().includes("open") && resolve());
        holder.once("exit", (code) => reject(new Error(`holder exited ${code}`)));
      });
      await expect(run(["dlq", "replay", id], { PGLITE_DATA_DIR: dir })).rejects.toThrow(`in use by process ${holder.pid}`);
      expect(out).toEqual([]);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
    // Its holder gone, the lock is stale and the folder opens; the dead letter was never queued.
    const db = await createPgliteDb({ dataDir: dir });
    const { rows } = await db.query("SELECT status FROM webhook_deliveries");
    await db.close();
    expect(rows).toEqual([{ status: "dead" }]);
  }, 60_000);
});
