import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureConsole } from "@casemix/testing";
import { appendAudit, createPgliteDb, pgliteTemplateDir } from "@casemix/db";
import { run } from "./audit.ts";

describe("casemix audit verify", () => {
  const out = captureConsole();

  it("passes on an untouched trail and, after a superuser edits one record, fails naming that record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-audit-cli-"));
    try {
      // A copy of the migrated template: initdb and every migration would take a minute on a busy machine.
      await cp(await pgliteTemplateDir(), dir, { recursive: true });
      const db = await createPgliteDb({ dataDir: dir });
      for (let i = 0; i < 4; i++) {
        await db.transaction((tx) => appendAudit(tx, { actor: `u${i}`, roles: ["finance"], action: "period.close", object: `2026-0${i + 1}`, detail: { i } }));
      }
      await db.close();
      expect(await run(["verify", "--pglite-dir", dir], {})).toBe(0);
      expect(out.at(-1)).toMatch(/^ok: 4 records in \d+ chains, 0 broken$/);

      const tamper = await createPgliteDb({ dataDir: dir });
      const { rows } = await tamper.query<{ id: string; chain: string; seq: string }>("select id, chain, seq from audit_record where object = '2026-03'");
      await tamper.query("alter table audit_record disable trigger audit_record_append_only");
      await tamper.query("update audit_record set object = '2026-09' where id = $1", [rows[0].id]);
      await tamper.close();
      out.length = 0;
      expect(await run(["verify", "--pglite-dir", dir], {})).toBe(1);
      expect(out).toContain(`broken: audit record ${rows[0].id} (chain ${rows[0].chain}, seq ${rows[0].seq}): hash does not match the record's content`);
      expect(out.at(-1)).toMatch(/^FAILED: 4 records in \d+ chains, 1 broken$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("refuses anything but 'verify', exiting 2", async () => {
    expect(await run(["check"], {})).toBe(2);
    expect(await run(["verify"], {})).toBe(2);
  });
});
