-- State of the outbox relay: its Debezium offsets (kept next to the slot they describe)
-- and a heartbeat row it updates so the replication slot advances on idle databases.
create table relay_offsets (
    offset_key   bytea primary key,
    offset_value bytea,
    updated_at   timestamptz not null default now()
);

create table relay_heartbeat (
    id       integer primary key,
    beat_at  timestamptz not null
);
insert into relay_heartbeat (id, beat_at) values (1, now());
