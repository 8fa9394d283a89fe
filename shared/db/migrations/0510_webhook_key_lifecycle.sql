-- Webhook signing keys with a lifecycle (issue 17.6): pending -> active -> retired (still signing
-- and published until overlap_until) -> or revoked at once. The secret is stored sealed under a
-- master key from configuration (AES-256-GCM, `sealed:v1:<master key id>:...`), never in clear;
-- revoking erases it.
alter table webhook_signing_keys drop constraint webhook_signing_keys_status_check;
alter table webhook_signing_keys add constraint webhook_signing_keys_status_check
  check (status in ('pending', 'active', 'retired', 'revoked'));
alter table webhook_signing_keys alter column status set default 'pending';
alter table webhook_signing_keys add column secret_sealed text;
alter table webhook_signing_keys add column activated_at timestamptz;
alter table webhook_signing_keys add column overlap_until timestamptz;
alter table webhook_signing_keys add column revoked_at timestamptz;
