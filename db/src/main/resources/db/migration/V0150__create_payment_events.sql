-- Inbound payment-provider events, one row per provider event id, written in the transaction
-- that applies the event: a redelivered (or concurrently delivered) event finds its row and does nothing.
create table payment_events (
    event_id    text        primary key,
    event_type  text        not null,
    payment_id  text,
    order_id    uuid,
    outcome     text        not null constraint payment_outcome_known
                            check (outcome in ('received', 'paid', 'already_paid', 'ignored')),
    received_at timestamptz not null default now()
);
