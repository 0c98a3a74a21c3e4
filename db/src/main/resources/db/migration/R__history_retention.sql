-- Retention of the tables that otherwise grow for ever: the workers' history (effect_log,
-- delivery_attempts, replayed dead_letters) and payment_events. SQL only; a scheduled job calls these.

-- The purges delete by age; without these each call would scan its table. Here rather than in a
-- versioned migration because repeatables run after every versioned one (the tables come from
-- V0007, V0150 and V0301); dead_letters already has dead_letters_by_time.
create index if not exists effect_log_by_completion on effect_log (completed_at);
create index if not exists delivery_attempts_by_time on delivery_attempts (attempted_at);
create index if not exists payment_events_by_receipt on payment_events (received_at);

-- Deletes effect history older than p_older_than, at most p_max_rows rows per table per call (call
-- again while it returns non-zero counts). effect_log rows are what stops a redelivered event from
-- repeating its effect: keep them longer than an event can come back (Kafka retention of the event
-- topics, plus the outbox retention when a slot is rebuilt). Dead letters go only once replayed;
-- undecided ones stay until an operator acts. Returns {"effect_log": n, "delivery_attempts": n,
-- "dead_letters": n}.
create or replace function purge_effect_history(p_older_than interval, p_max_rows integer default 10000)
returns jsonb
language plpgsql as $$
declare
    v_cutoff  timestamptz := now() - p_older_than;
    v_log     integer;
    v_tries   integer;
    v_dead    integer;
begin
    if p_older_than is null or p_older_than < interval '0' then
        raise exception 'purge_effect_history needs a positive interval, got %', p_older_than
            using errcode = 'invalid_parameter_value';
    end if;
    delete from effect_log
     where ctid = any (array(select ctid from effect_log where completed_at < v_cutoff limit p_max_rows));
    get diagnostics v_log = row_count;
    delete from delivery_attempts
     where id = any (array(select id from delivery_attempts where attempted_at < v_cutoff limit p_max_rows));
    get diagnostics v_tries = row_count;
    delete from dead_letters
     where id = any (array(select id from dead_letters
                            where created_at < v_cutoff and replayed_at is not null limit p_max_rows));
    get diagnostics v_dead = row_count;
    return jsonb_build_object('effect_log', v_log, 'delivery_attempts', v_tries, 'dead_letters', v_dead);
end;
$$;

-- Deletes payment provider events received before now() - p_older_than (at most p_max_rows per call).
-- A provider redelivers an event for days (Stripe: up to 3): keep rows longer than that, or a late
-- redelivery is applied again (harmless for a PAID order, which answers already_paid). Returns the count.
create or replace function purge_payment_events(p_older_than interval, p_max_rows integer default 10000)
returns integer
language plpgsql as $$
declare
    v_count integer;
begin
    if p_older_than is null or p_older_than < interval '0' then
        raise exception 'purge_payment_events needs a positive interval, got %', p_older_than
            using errcode = 'invalid_parameter_value';
    end if;
    delete from payment_events
     where event_id = any (array(select event_id from payment_events
                                  where received_at < now() - p_older_than limit p_max_rows));
    get diagnostics v_count = row_count;
    return v_count;
end;
$$;
