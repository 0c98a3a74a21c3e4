-- The one writer of outbox_events: every command function calls write_outbox_event() inside the
-- command's transaction, so the event commits with the business rows or not at all. purge_outbox() lives beside it.

-- Appends one event for the relay to publish (the row's id becomes ce_id, aggregate_id the Kafka key,
-- event_type ce_type); p_headers carries the command's traceparent when it had one (null: no headers).
create or replace function write_outbox_event(p_aggregate_type text, p_aggregate_id text,
                                              p_event_type text, p_payload jsonb,
                                              p_headers jsonb) returns uuid
language sql as $$
    insert into outbox_events (aggregate_type, aggregate_id, event_type, payload, headers)
    values (p_aggregate_type, p_aggregate_id, p_event_type, p_payload, coalesce(p_headers, '{}'::jsonb))
    returning id;
$$;

-- Removes outbox rows older than the retention window. Streaming does not need the rows:
-- the relay reads the WAL, which keeps each insert until the slot has confirmed it.
create or replace function purge_outbox(retention interval) returns integer
language sql as $$
    with gone as (delete from outbox_events where created_at < now() - retention returning 1)
    select count(*)::int from gone;
$$;
