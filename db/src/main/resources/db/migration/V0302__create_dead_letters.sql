-- Events an effect gave up on (last attempt failed, permanent failure) or could not read at all
-- (unknown type, unparseable payload), with the reason, kept for inspection and replay by ops.
create table dead_letters (
    id           uuid        primary key default gen_random_uuid(),
    effect       text        not null,
    target       text,
    event_id     uuid,
    event_type   text,
    topic        text,
    kafka_partition integer,
    kafka_offset bigint,
    record_key   text,
    headers      jsonb       not null default '{}',
    payload      text,
    reason       text        not null,
    attempts     integer     not null default 0,
    created_at   timestamptz not null default now(),
    replayed_at  timestamptz,
    replay_count integer     not null default 0
);

create index dead_letters_by_time on dead_letters (created_at desc);
create index dead_letters_by_event on dead_letters (event_id);
