// The audit trail and row-level security on a real PostgreSQL (issue 17.4/17.5 acceptance): a
// superuser's edit of one record is named by verify; the functions' role (not the tables' owner) cannot
// change audit records; under hospital A's setting a query with no WHERE returns only A's rows.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appendAudit } from "./audit.ts";
import { verifyAudit } from "./audit-verify.ts";
import { migrate } from "./migrate.ts";
import type { Db } from "./port.ts";
import { createPostgresDb } from "./postgres.ts";
import { grantFunctionRole } from "./roles.ts";
import { runInScope } from "./scope.ts";

const env = z.object({ TEST_DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test") }).parse(process.env);
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const schema = `audit_test_${suffix}`;
const role = `casemix_fn_${suffix}`;
const roleUrl = (() => {
  const url = new URL(env.TEST_DATABASE_URL);
  url.username = role;
  url.password = "";
  return url.toString();
})();

let owner: Db;
let asRole: Db;

beforeAll(async () => {
  const admin = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 1 });
  await admin.query(`create schema ${schema}`);
  await admin.close();
  owner = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 4, schema });
  await migrate(owner);
  await grantFunctionRole(owner, { role, schema });
  asRole = createPostgresDb({ url: roleUrl, max: 4, schema, rowScope: true });
});

afterAll(async () => {
  await asRole?.close();
  await owner.query(`drop schema if exists ${schema} cascade`);
  const { rows } = await owner.query("select 1 from pg_roles where rolname = $1", [role]);
  if (rows.length) await owner.query(`drop owned by ${role}`);
  await owner.query(`drop role if exists ${role}`);
  await owner.close();
});

const entry = (n: number) => ({ actor: `user-${n}`, roles: ["admin"], action: "config.publish", object: `cfg_${n}`, requestId: `req-${n}`, traceId: "a".repeat(32), detail: { n, note: "ü" } });

describe("audit trail on PostgreSQL", () => {
  it("records appended by concurrent transactions of the functions' role verify, and a superuser's edit of one is named by verify", async () => {
    await Promise.all(
      [0, 1, 2, 3].map((t) =>
        asRole.transaction(async (tx) => {
          for (let i = 0; i < 3; i++) await appendAudit(tx, entry(t * 10 + i));
        }),
      ),
    );
    const clean = await verifyAudit(owner);
    expect(clean).toMatchObject({ ok: true, records: 12, broken: [] });
    expect(clean.chains).toBeGreaterThan(1);

    const { rows } = await owner.query<{ id: string; chain: string; seq: string }>("select id, chain, seq from audit_record where object = 'cfg_21'");
    const target = rows[0];
    await owner.transaction(async (tx) => {
      await tx.query("alter table audit_record disable trigger audit_record_append_only");
      await tx.query("update audit_record set actor = 'someone-else' where id = $1", [target.id]);
      await tx.query("alter table audit_record enable trigger audit_record_append_only");
    });
    const tampered = await verifyAudit(owner);
    expect(tampered.ok).toBe(false);
    expect(tampered.broken).toEqual([{ id: target.id, chain: target.chain, seq: Number(target.seq), reason: "hash does not match the record's content" }]);
  });

  it("the functions' role cannot update, delete or truncate audit records, nor delete a chain head", async () => {
    await asRole.transaction((tx) => appendAudit(tx, entry(99)));
    await expect(asRole.query("update audit_record set actor = 'x'")).rejects.toMatchObject({ sqlState: "42501" });
    await expect(asRole.query("delete from audit_record")).rejects.toMatchObject({ sqlState: "42501" });
    await expect(asRole.query("truncate audit_record")).rejects.toMatchObject({ sqlState: "42501" });
    await expect(asRole.query("delete from audit_chain")).rejects.toMatchObject({ sqlState: "42501" });
    await expect(asRole.query("delete from audit_log")).rejects.toMatchObject({ sqlState: "42501" });
  });

  it("even the tables' owner is refused UPDATE, DELETE and TRUNCATE on audit records by the trigger", async () => {
    await expect(owner.query("update audit_record set actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(owner.query("delete from audit_record")).rejects.toThrow(/append-only/);
    await expect(owner.query("truncate audit_record")).rejects.toThrow(/append-only/);
  });
});

describe("row-level security on PostgreSQL", () => {
  beforeAll(async () => {
    await owner.query(
      "insert into batch (id, hospital_code, channel) values ('bat_a1', 'HA', 'rest'), ('bat_a2', 'HA', 'rest'), ('bat_b1', 'HB', 'rest')",
    );
  });

  it("as the functions' role under hospital A's setting, a query with no WHERE returns only A's rows", async () => {
    const { rows } = await runInScope({ kind: "hospital", hospital: "HA" }, () => asRole.query<{ id: string }>("select id from batch order by id"));
    expect(rows.map((r) => r.id)).toEqual(["bat_a1", "bat_a2"]);
  });

  it("hospital A's setting cannot write a row of hospital B or change B's rows", async () => {
    const scoped = <T>(fn: () => Promise<T>) => runInScope({ kind: "hospital", hospital: "HA" }, fn);
    await expect(scoped(() => asRole.query("insert into batch (id, hospital_code, channel) values ('bat_b2', 'HB', 'rest')"))).rejects.toMatchObject({ sqlState: "42501" });
    const updated = await scoped(() => asRole.query("update batch set status = 'failed'  where hospital_code = 'HB'"));
    expect(updated.rowCount).toBe(0);
  });

  it("the system scope sees every hospital; no scope at all sees none", async () => {
    const all = await runInScope({ kind: "system" }, () => asRole.query<{ id: string }>("select id from batch order by id"));
    expect(all.rows.map((r) => r.id)).toEqual(["bat_a1", "bat_a2", "bat_b1"]);
    const none = await runInScope({ kind: "none" }, () => asRole.query("select id from batch"));
    expect(none.rows).toEqual([]);
    const unscoped = createPostgresDb({ url: roleUrl, max: 1, schema });
    try {
      expect((await unscoped.query("select id from batch")).rows).toEqual([]);
    } finally {
      await unscoped.close();
    }
  });

  it("the functions' role owns none of the tables, so FORCE'd policies bind it", async () => {
    const { rows } = await owner.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname = $1 and tableowner = $2",
      [schema, role],
    );
    expect(rows[0].n).toBe(0);
  });
});
