-- Endpoints that keep failing are disabled by the workers after N consecutive failed deliveries
-- and re-enabled by an admin; the counter resets on every success.
alter table webhook_endpoints
    add column consecutive_failures integer     not null default 0,
    add column disabled_at          timestamptz,
    add column disabled_reason      text;
