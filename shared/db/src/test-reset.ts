import type { PGlite } from "@electric-sql/pglite";

/**
 * Putting a test's PGlite back to the migrated template's state, so the next test of the same file
 * can take it instead of opening another: CPU per test (shared/db/bench/pglite-phases.ts, loaded 2-core
 * machine) ~0.5-0.85 s to copy the template, open, close and delete, ~0.15 s to reset and fingerprint.
 *
 * A reset empties every table but `schema_migrations` (DELETE with triggers off, so neither foreign
 * keys nor the audit tables' append-only triggers refuse it), restarts every sequence and
 * discards the session's state (settings, temporary tables, advisory locks, prepared statements,
 * LISTEN). Whatever it cannot undo (a table, column, function, trigger, role or grant a test added or
 * changed, a migration row, a sequence) shows in the {@link schemaFingerprint}: the caller compares it
 * with the template's and closes the database instead of reusing it when they differ.
 */
export async function resetTestDatabase(pg: PGlite): Promise<void> {
  // DISCARD ALL refuses to run inside a transaction: a test that left one open gets no reuse.
  await pg.exec("DISCARD ALL");
  const { rows } = await pg.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
        and not (n.nspname = 'public' and c.relname = 'schema_migrations') and not c.relispartition`,
  );
  const sequences = await pg.query<{ name: string }>(
    `select format('%I.%I', schemaname, sequencename) as name from pg_sequences where schemaname not in ('pg_catalog', 'information_schema')`,
  );
  const statements = [
    "SET session_replication_role = replica",
    // DELETE, not TRUNCATE: TRUNCATE gives every table and index new files, ~10x the CPU of deleting
    // the few rows a test writes (shared/db/bench/pglite-phases.ts).
    ...rows.map((r) => `DELETE FROM ${r.name}`),
    ...sequences.rows.map((s) => `ALTER SEQUENCE ${s.name} RESTART`),
    "RESET session_replication_role",
    "SET TimeZone = 'UTC'",
  ];
  await pg.exec(statements.filter((s) => s !== "").join(";\n"));
}

/**
 * A digest of everything a reset leaves as it is: the user schemas' tables, columns, constraints,
 * indexes, triggers (and whether enabled), functions, types, policies, grants, roles, role and
 * database settings, extensions, the migration rows and every sequence's position.
 */
export async function schemaFingerprint(pg: PGlite): Promise<string> {
  const { rows } = await pg.query<{ digest: string }>(`
    with user_ns as (
      select oid, nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg_toast%' and nspname not like 'pg_temp%'
    ), parts as (
      select 'ns ' || nspname || ' ' || coalesce(nspacl::text, '') as x from pg_namespace where oid in (select oid from user_ns)
      union all select 'rel ' || c.oid::regclass::text || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '') || ' ' || c.relrowsecurity::text || ' ' || coalesce(c.reloptions::text, '')
        from pg_class c where c.relnamespace in (select oid from user_ns)
      union all select 'col ' || a.attrelid::regclass::text || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' || a.attisdropped::text
          || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || coalesce(a.attacl::text, '')
        from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where c.relnamespace in (select oid from user_ns) and a.attnum > 0
      union all select 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace in (select oid from user_ns)
      union all select 'idx ' || pg_get_indexdef(indexrelid) from pg_index where indrelid in (select oid from pg_class where relnamespace in (select oid from user_ns))
      union all select 'trg ' || tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text || ' ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
      union all select 'fn ' || p.oid::regprocedure::text || ' ' || md5(coalesce(p.prosrc, '')) || ' ' || coalesce(p.proacl::text, '') || ' ' || coalesce(p.proconfig::text, '')
        from pg_proc p where p.pronamespace in (select oid from user_ns)
      union all select 'type ' || t.oid::regtype::text || ' ' || t.typtype::text from pg_type t where t.typnamespace in (select oid from user_ns)
      union all select 'enum ' || enumtypid::regtype::text || ' ' || enumlabel from pg_enum
      union all select 'pol ' || polrelid::regclass::text || ' ' || polname || ' ' || coalesce(pg_get_expr(polqual, polrelid), '') || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '') from pg_policy
      union all select 'role ' || rolname || ' ' || concat_ws(',', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls) || ' ' || coalesce(rolconfig::text, '') from pg_roles
      union all select 'member ' || roleid::regrole::text || ' ' || member::regrole::text from pg_auth_members
      union all select 'setting ' || setdatabase::text || ' ' || setrole::text || ' ' || setconfig::text from pg_db_role_setting
      union all select 'db ' || datname || ' ' || coalesce(datacl::text, '') from pg_database
      union all select 'ext ' || extname || ' ' || extversion from pg_extension
      union all select 'defacl ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' ' || defaclacl::text from pg_default_acl
      union all select 'seq ' || schemaname || '.' || sequencename || ' ' || coalesce(last_value::text, 'null') || ' ' || start_value::text || ' ' || increment_by::text from pg_sequences
      union all select 'migration ' || m::text from public.schema_migrations m
    )
    select md5(string_agg(x, E'\\n' order by x)) as digest from parts`);
  return rows[0].digest;
}
