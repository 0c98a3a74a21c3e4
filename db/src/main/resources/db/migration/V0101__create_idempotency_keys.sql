-- First answers of POST /api/orders per (user, Idempotency-Key), so a retried request gets the
-- same answer and creates nothing new. The row is inserted first, so a racing twin waits on it.
create table idempotency_keys (
    user_id       text        not null,
    key           text        not null,
    request_hash  text        not null,
    response_code integer,
    response_body jsonb,
    created_at    timestamptz not null default now(),
    primary key (user_id, key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
