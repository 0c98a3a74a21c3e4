-- Order commands as single Postgres functions: the stock check, the business rows and the
-- outbox row commit together or not at all. Errors carry their own SQLSTATE (class OF).
--   OF001 insufficient_stock   OF002 unknown_product   OF003 mixed_currency   OF004 empty_order

create or replace function create_order_transaction(payload jsonb) returns jsonb
language plpgsql as $$
declare
    v_order_id  uuid := coalesce((payload ->> 'orderId')::uuid, gen_random_uuid());
    v_items     jsonb := payload -> 'items';
    v_line      record;
    v_product   products%rowtype;
    v_total     bigint := 0;
    v_currency  char(3);
    v_lines     jsonb := '[]'::jsonb;
    v_order     jsonb;
begin
    if v_items is null or jsonb_array_length(v_items) = 0 then
        raise exception 'empty_order' using errcode = 'OF004', detail = 'an order needs at least one item';
    end if;

    -- Lock products in id order so concurrent orders on the same products cannot deadlock.
    for v_line in
        select (item ->> 'productId')::uuid as product_id, sum((item ->> 'quantity')::int)::int as quantity
          from jsonb_array_elements(v_items) as item
         group by 1
         order by 1
    loop
        select * into v_product from products where id = v_line.product_id for update;
        if not found then
            raise exception 'unknown_product' using errcode = 'OF002',
                detail = jsonb_build_object('productId', v_line.product_id)::text;
        end if;
        if v_product.stock < v_line.quantity then
            raise exception 'insufficient_stock' using errcode = 'OF001',
                detail = jsonb_build_object('productId', v_product.id, 'requested', v_line.quantity,
                                            'available', v_product.stock)::text;
        end if;
        if v_currency is not null and v_currency <> v_product.currency then
            raise exception 'mixed_currency' using errcode = 'OF003',
                detail = 'all products of one order must share a currency';
        end if;
        v_currency := v_product.currency;

        update products
           set stock = stock - v_line.quantity, version = version + 1, updated_at = now()
         where id = v_product.id;

        v_total := v_total + v_product.price_cents * v_line.quantity;
        v_lines := v_lines || jsonb_build_object('productId', v_product.id, 'quantity', v_line.quantity,
                                                 'unitPriceCents', v_product.price_cents);
    end loop;

    insert into orders (id, customer_id, customer_email, status, total_cents, currency)
    values (v_order_id, payload ->> 'customerId', payload ->> 'customerEmail', 'PENDING_PAYMENT', v_total, v_currency);

    insert into order_items (order_id, product_id, quantity, unit_price_cents)
    select v_order_id, (line ->> 'productId')::uuid, (line ->> 'quantity')::int, (line ->> 'unitPriceCents')::bigint
      from jsonb_array_elements(v_lines) as line;

    select jsonb_build_object(
               'id', o.id, 'customerId', o.customer_id, 'customerEmail', o.customer_email,
               'status', o.status, 'totalCents', o.total_cents, 'currency', o.currency,
               'items', v_lines, 'version', o.version,
               'createdAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      into v_order
      from orders o where o.id = v_order_id;

    insert into outbox_events (aggregate_type, aggregate_id, event_type, payload, headers)
    values ('order', v_order_id::text, 'order.created',
            jsonb_build_object('orderId', v_order_id, 'customerId', v_order -> 'customerId',
                               'customerEmail', v_order -> 'customerEmail', 'items', v_lines,
                               'totalCents', v_total, 'currency', v_currency,
                               'createdAt', v_order -> 'createdAt'),
            coalesce(payload -> 'headers', '{}'::jsonb));

    return v_order;
end;
$$;

-- Removes outbox rows older than the retention window. Streaming does not need the rows:
-- the relay reads the WAL, which keeps each insert until the slot has confirmed it.
create or replace function purge_outbox(retention interval) returns integer
language sql as $$
    with gone as (delete from outbox_events where created_at < now() - retention returning 1)
    select count(*)::int from gone;
$$;
