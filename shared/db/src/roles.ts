import { DbError } from "./errors.ts";
import type { Queryable } from "./port.ts";

export type FunctionRoleOptions = {
  /** The role the functions connect as (e.g. casemix_fn). */
  role: string;
  /** Set or change its password; omitted leaves it as it is (or without one). */
  password?: string;
  /** The schema holding the tables (default public). */
  schema?: string;
};

const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * Creates (when missing) and grants the role the functions connect as in the distributed mode: it can
 * log in, is no superuser and does not bypass row-level security; it reads and writes the tables but owns
 * none of them (the migrating role does), so FORCE'd policies bind it; it may only insert and read audit
 * records (no UPDATE, DELETE or TRUNCATE). Run by the owner after `migrate`; safe to run again.
 */
export async function grantFunctionRole(db: Queryable, { role, password, schema = "public" }: FunctionRoleOptions): Promise<void> {
  for (const name of [role, schema]) {
    if (!identifier.test(name)) throw new DbError("E_DB_QUERY", `'${name}' must be a lower-case SQL identifier`);
  }
  const { rows } = await db.query<{ n: number }>("select count(*)::int as n from pg_roles where rolname = $1", [role]);
  if (rows[0].n === 0) await db.query(`create role ${role} login nosuperuser nobypassrls nocreatedb nocreaterole`);
  else await db.query(`alter role ${role} login nosuperuser nobypassrls`);
  if (password) {
    const { rows: sql } = await db.query<{ s: string }>("select format('alter role %I password %L', $1::text, $2::text) as s", [role, password]);
    await db.query(sql[0].s);
  }
  await db.query(`grant usage on schema ${schema} to ${role}`);
  await db.query(`grant select, insert, update, delete on all tables in schema ${schema} to ${role}`);
  await db.query(`grant usage, select on all sequences in schema ${schema} to ${role}`);
  await db.query(`revoke update, delete, truncate on ${schema}.audit_record, ${schema}.audit_log from ${role}`);
  await db.query(`revoke delete, truncate on ${schema}.audit_chain from ${role}`);
  await db.query(`revoke insert, update, delete, truncate on ${schema}.schema_migrations from ${role}`);
}
