-- How far the relay has published, per slot: any relay (active or standby) reads it to report the
-- age of the oldest committed outbox row not yet acknowledged by Kafka.
create table relay_published (
    slot_name       text primary key,
    last_created_at timestamptz not null,             -- newest created_at of an outbox row Kafka acknowledged
    updated_at      timestamptz not null default now()
);
