-- What the workers have done: one row per (event id, effect, target), written in the
-- transaction that claims the effect, so a redelivered record never repeats it.
create table effect_log (
    event_id     uuid        not null,
    effect       text        not null,
    target       text        not null,
    completed_at timestamptz not null default now(),
    primary key (event_id, effect, target)
);
