-- The transactional outbox: written in the same transaction as the business rows,
-- read by the relay from the WAL (never polled). Rows are purged after a retention window.
create table outbox_events (
    id             uuid primary key default gen_random_uuid(),
    aggregate_type text        not null,
    aggregate_id   text        not null,
    event_type     text        not null,
    payload        jsonb       not null,
    headers        jsonb       not null default '{}'::jsonb,
    created_at     timestamptz not null default now()
);
create index outbox_events_created_at on outbox_events (created_at);
