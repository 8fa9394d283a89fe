-- Tamper-evident audit trail (issue 17.4). One record per state-changing call or event and per read of
-- patient-level data, written in the transaction of the change (shared/db/src/audit.ts).
--
-- Records form many hash chains, one per writer lane (a process's instance id and a lane number), so
-- writers never wait on one global head: each lane's head is a row of audit_chain, locked only by the
-- transaction appending to that lane. hash = sha256(prev_hash || '\n' || canonical record), where the
-- canonical record is the stable JSON of the columns (audit.ts canonicalAudit). `casemix audit verify`
-- recomputes every chain and names the first broken link.

create table audit_chain (
  chain text    primary key,                   -- <writer instance>/<lane>
  seq   bigint  not null check (seq >= 1),     -- the last record's seq
  prev  text    not null,                      -- the last record's prev_hash
  head  text    not null                       -- the last record's hash
);

create table audit_record (
  id         bigserial   primary key,
  chain      text        not null,
  seq        bigint      not null,
  prev_hash  text        not null,
  hash       text        not null,
  at         timestamptz not null,
  actor      text        not null,             -- the token's sub, or system:<function> for pipeline work
  roles      text[]      not null default '{}',
  hospital   text,                             -- the actor's hospital claim, when it has one
  action     text        not null,             -- e.g. period.close, result.read, event:<type>
  object     text        not null,             -- e.g. 2026-01, bat_..., clm_.../v1
  request_id text,
  trace_id   text,
  detail     jsonb       not null default '{}'::jsonb,
  unique (chain, seq)
);
create index audit_record_object_idx on audit_record (object, at);

-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE, whoever asks (a superuser can
-- still disable the trigger: that is what the hash chains and `casemix audit verify` catch).
create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit records are append-only: % on % refused', tg_op, tg_table_name using errcode = '42501';
end
$$;

create trigger audit_record_append_only before update or delete on audit_record
  for each row execute function audit_refuse_change();
create trigger audit_record_no_truncate before truncate on audit_record
  for each statement execute function audit_refuse_change();
-- A chain head moves forward (UPDATE) but never goes away: a deleted head would hide a deleted tail.
create trigger audit_chain_no_delete before delete on audit_chain
  for each row execute function audit_refuse_change();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function audit_refuse_change();

-- The outlier review's older log (0400) is append-only too; new records go to audit_record.
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_refuse_change();
