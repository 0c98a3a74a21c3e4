-- Every attempt of every effect, for the ops API (GET /ops/deliveries?eventId=): what was tried,
-- against which target, and how it ended. Append-only.
create table delivery_attempts (
    id           bigserial   primary key,
    event_id     uuid        not null,
    effect       text        not null,
    target       text        not null,
    attempt      integer     not null,
    outcome      text        not null,
    status_code  integer,
    error        text,
    attempted_at timestamptz not null default now(),
    constraint delivery_outcome_known check (outcome in ('success', 'failure', 'dead_letter', 'duplicate'))
);

create index delivery_attempts_by_event on delivery_attempts (event_id, attempted_at);
