-- Row-level security on hospital-scoped tables (issue 17.5), defence in depth behind the routes' own
-- hospital checks. FORCE makes the policies bind the tables' owner too; only superusers and BYPASSRLS
-- roles pass by them (the embedded PGlite is one superuser: see shared/db/README.md "Row-level security").
--
-- A transaction sees a row when it runs in the system scope (casemix.scope = 'system': pipeline events,
-- national roles, close runs) or when the row belongs to its hospital (casemix.hospital). Both are
-- per-transaction settings (set_config(..., true)) sent by the adapter (scope.ts); a connection with
-- neither sees no hospital's rows. Each setting is read once per statement through a sub-select (an
-- InitPlan), not once per row, so the system scope costs one comparison per statement.

create function casemix_enable_hospital_rls(t regclass) returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format(
    'create policy hospital_scope on %s using ('
    || '(select current_setting(''casemix.scope'', true)) = ''system'''
    || ' or hospital_code = (select current_setting(''casemix.hospital'', true)))', t);
end
$$;

select casemix_enable_hospital_rls('batch');
select casemix_enable_hospital_rls('claim_row');
select casemix_enable_hospital_rls('claim');
select casemix_enable_hospital_rls('price');
select casemix_enable_hospital_rls('outlier_decision');
select casemix_enable_hospital_rls('outlier_review');
select casemix_enable_hospital_rls('webhook_subscriptions');
select casemix_enable_hospital_rls('webhook_deliveries');
select casemix_enable_hospital_rls('webhook_dead_letters');
