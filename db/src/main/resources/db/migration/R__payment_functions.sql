-- Inbound payment events as one Postgres function: recording the provider's event id, the
-- order's PAID transition and its order.paid outbox row commit together or not at all.
-- Errors carry their own SQLSTATE (class OF, 1xx):
--   OF101 amount_mismatch   OF102 unknown_order   OF103 order_not_payable

-- event: {id, type, paymentId, orderId, amount, currency, headers}, already verified by the caller.
-- Returns {outcome: duplicate|ignored|paid|already_paid, orderId?}. A raised error rolls back
-- the event's row too, so a corrected redelivery is applied later.
create or replace function apply_payment_event(event jsonb) returns jsonb
language plpgsql as $$
declare
    v_event_id   text := event ->> 'id';
    v_type       text := event ->> 'type';
    v_payment_id text := event ->> 'paymentId';
    v_order_id   uuid;
    v_order      orders%rowtype;
begin
    -- the audit trail names the provider's event as the actor of the PAID transition
    perform set_config('fleet.actor', 'payments:' || coalesce(v_event_id, ''), true);
    -- A concurrent delivery of the same id waits here for the first one's commit, then finds it.
    insert into payment_events (event_id, event_type, payment_id, outcome)
    values (v_event_id, v_type, v_payment_id, 'received')
    on conflict (event_id) do nothing;
    if not found then
        return jsonb_build_object('outcome', 'duplicate');
    end if;

    if v_type is distinct from 'payment_intent.succeeded' then
        update payment_events set outcome = 'ignored' where event_id = v_event_id;
        return jsonb_build_object('outcome', 'ignored');
    end if;

    if coalesce(event ->> 'orderId', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
        raise exception 'unknown_order' using errcode = 'OF102',
            detail = jsonb_build_object('orderId', event ->> 'orderId')::text;
    end if;
    v_order_id := (event ->> 'orderId')::uuid;

    select * into v_order from orders where id = v_order_id for update;
    if not found then
        raise exception 'unknown_order' using errcode = 'OF102',
            detail = jsonb_build_object('orderId', v_order_id)::text;
    end if;
    if v_order.status = 'PAID' then
        update payment_events set outcome = 'already_paid', order_id = v_order_id where event_id = v_event_id;
        return jsonb_build_object('outcome', 'already_paid', 'orderId', v_order_id);
    end if;
    if v_order.status <> 'PENDING_PAYMENT' then
        raise exception 'order_not_payable' using errcode = 'OF103',
            detail = jsonb_build_object('orderId', v_order_id, 'status', v_order.status)::text;
    end if;
    if (event ->> 'amount')::bigint is distinct from v_order.total_cents
       or upper(event ->> 'currency') is distinct from v_order.currency then
        raise exception 'amount_mismatch' using errcode = 'OF101',
            detail = jsonb_build_object('orderId', v_order_id,
                                        'expectedAmount', v_order.total_cents, 'expectedCurrency', v_order.currency,
                                        'amount', (event ->> 'amount')::bigint, 'currency', upper(event ->> 'currency'))::text;
    end if;

    update orders set status = 'PAID', version = version + 1, updated_at = now() where id = v_order_id;

    perform write_outbox_event('order', v_order_id::text, 'order.paid',
            jsonb_build_object('orderId', v_order_id, 'customerId', v_order.customer_id,
                               'customerEmail', v_order.customer_email, 'totalCents', v_order.total_cents,
                               'currency', v_order.currency, 'paymentId', v_payment_id),
            event -> 'headers');

    update payment_events set outcome = 'paid', order_id = v_order_id where event_id = v_event_id;
    return jsonb_build_object('outcome', 'paid', 'orderId', v_order_id);
end;
$$;
