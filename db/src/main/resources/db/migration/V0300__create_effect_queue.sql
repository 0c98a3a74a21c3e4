-- Effects waiting to be done: the Kafka consumers hand each (event, effect, target) over here and
-- move on; dispatchers deliver the oldest row of each (effect, target, ordering_key) group only, so a retry parks later events.
create table effect_queue (
    id              bigserial   primary key,
    effect          text        not null,
    target          text        not null,
    destination     text        not null,
    ordering_key    text        not null,
    event_id        uuid        not null,
    event_type      text        not null,
    event_time      timestamptz not null,
    event_subject   text,
    payload         text        not null,
    attempts        integer     not null default 0,
    attempt_limit   integer     not null,
    next_attempt_at timestamptz not null,
    leased_until    timestamptz,
    leased_by       text,
    last_error      text,
    enqueued_at     timestamptz not null default now(),
    constraint effect_queue_once unique (event_id, effect, target),
    constraint attempts_within_limit check (attempts <= attempt_limit)
);

create index effect_queue_group on effect_queue (effect, target, ordering_key, id);
create index effect_queue_due on effect_queue (next_attempt_at);
