-- When a key was last used to authenticate (to the minute or so: see ApiKeyService), so admins can
-- tell the keys in use from stale ones before revoking; null: never used.
alter table api_keys add column last_used_at timestamptz;
