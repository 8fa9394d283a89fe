-- Raw uploads are envelope-encrypted and kept for a retention period (issue 17.7). raw_key_id names
-- the master key that wrapped the file's data key (the object's header says it too);
-- raw_deleted_at is set when the retention sweep deleted the file, so reprocess can say so.
alter table batch add column raw_key_id text;
alter table batch add column raw_deleted_at timestamptz;
-- The sweep reads only batches whose raw file is still there, oldest first.
create index batch_raw_retention_idx on batch (created_at) where raw_key is not null and raw_deleted_at is null;
