-- Order commands as single Postgres functions: the stock check, the business rows and the
-- outbox row commit together or not at all. Errors carry their own SQLSTATE (class OF).
--   OF001 insufficient_stock   OF002 unknown_product   OF003 mixed_currency   OF004 empty_order
--   OF005 unknown_order        OF006 order_not_cancellable  OF007 order_version_mismatch
--   OF151 order_total_out_of_range (the total would not fit a bigint)
--   OF152 stock_out_of_range (a cancel would push stock past an integer)
-- Each command first sets fleet.actor (transaction-local) so audit_trigger_func() records who did it.
-- Both keep the sales report's table, sales_by_product_day (V0105), exact in the same transaction: units and
-- revenue per product and UTC day of the order's created_at, cancelled orders left out.
-- Events are written through write_outbox_event() (R__outbox_writer.sql), the one writer of outbox_events.

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
    v_day       date;
begin
    perform set_config('fleet.actor', coalesce(payload ->> 'actor', payload ->> 'customerId', ''), true);

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

        -- checked in numeric before it is added: a bigint overflow would be an unexplained error
        if v_total::numeric + v_product.price_cents::numeric * v_line.quantity > 9223372036854775807 then
            raise exception 'order_total_out_of_range' using errcode = 'OF151',
                detail = jsonb_build_object('maxTotalCents', 9223372036854775807)::text;
        end if;
        v_total := v_total + v_product.price_cents * v_line.quantity;
        v_lines := v_lines || jsonb_build_object('productId', v_product.id, 'quantity', v_line.quantity,
                                                 'unitPriceCents', v_product.price_cents);
    end loop;

    insert into orders (id, customer_id, customer_email, status, total_cents, currency)
    values (v_order_id, payload ->> 'customerId', payload ->> 'customerEmail', 'PENDING_PAYMENT', v_total, v_currency)
    returning (created_at at time zone 'UTC')::date into v_day;

    insert into order_items (order_id, product_id, quantity, unit_price_cents)
    select v_order_id, (line ->> 'productId')::uuid, (line ->> 'quantity')::int, (line ->> 'unitPriceCents')::bigint
      from jsonb_array_elements(v_lines) as line;

    -- in product id order, like the product locks above (which already make orders of one product queue here)
    insert into sales_by_product_day as s (product_id, day, units_sold, revenue_cents)
    select (line ->> 'productId')::uuid, v_day, (line ->> 'quantity')::int,
           (line ->> 'quantity')::numeric * (line ->> 'unitPriceCents')::bigint
      from jsonb_array_elements(v_lines) as line
     order by 1
    on conflict (product_id, day) do update
       set units_sold = s.units_sold + excluded.units_sold,
           revenue_cents = s.revenue_cents + excluded.revenue_cents;

    -- the order as the API shows it (its items in product id order, as v_lines), built in one place
    v_order := order_json(v_order_id);

    perform write_outbox_event('order', v_order_id::text, 'order.created',
            jsonb_build_object('orderId', v_order_id, 'customerId', v_order -> 'customerId',
                               'customerEmail', v_order -> 'customerEmail', 'items', v_order -> 'items',
                               'totalCents', v_order -> 'totalCents', 'currency', v_order -> 'currency',
                               'createdAt', v_order -> 'createdAt'),
            payload -> 'headers');

    return v_order;
end;
$$;

-- The order as the API shows it, with its lines.
create or replace function order_json(p_order_id uuid) returns jsonb
language sql stable as $$
    select jsonb_build_object(
               'id', o.id, 'customerId', o.customer_id, 'customerEmail', o.customer_email,
               'status', o.status, 'totalCents', o.total_cents, 'currency', o.currency,
               'items', coalesce((select jsonb_agg(jsonb_build_object('productId', i.product_id,
                                         'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents)
                                         order by i.product_id)
                                    from order_items i where i.order_id = o.id), '[]'::jsonb),
               'version', o.version,
               'createdAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      from orders o where o.id = p_order_id;
$$;

-- Cancels a PENDING_PAYMENT order: puts its units back in stock, takes its lines out of the sales of its
-- day (a product/day left with no units has no row, as if never sold), marks it CANCELLED (version + 1)
-- and writes order.cancelled, atomically. p_expected_version null means "any version".
create or replace function cancel_order_transaction(p_order_id uuid, p_expected_version bigint,
                                                    p_actor text, p_headers jsonb) returns jsonb
language plpgsql as $$
declare
    v_order orders%rowtype;
    v_line  record;
    v_day   date;
    v_left  bigint;
begin
    perform set_config('fleet.actor', coalesce(p_actor, ''), true);

    select * into v_order from orders where id = p_order_id for update;
    if not found then
        raise exception 'unknown_order' using errcode = 'OF005',
            detail = jsonb_build_object('orderId', p_order_id)::text;
    end if;
    if p_expected_version is not null and p_expected_version <> v_order.version then
        raise exception 'order_version_mismatch' using errcode = 'OF007',
            detail = jsonb_build_object('orderId', p_order_id, 'currentVersion', v_order.version)::text;
    end if;
    if v_order.status <> 'PENDING_PAYMENT' then
        raise exception 'order_not_cancellable' using errcode = 'OF006',
            detail = jsonb_build_object('orderId', p_order_id, 'status', v_order.status,
                                        'currentVersion', v_order.version)::text;
    end if;

    v_day := (v_order.created_at at time zone 'UTC')::date;

    -- products (and their sales rows) in id order, like create_order_transaction, so the two cannot deadlock
    for v_line in
        select product_id, quantity, unit_price_cents from order_items where order_id = p_order_id order by product_id
    loop
        if (select stock::bigint + v_line.quantity > 2147483647 from products where id = v_line.product_id) then
            raise exception 'stock_out_of_range' using errcode = 'OF152',
                detail = jsonb_build_object('productId', v_line.product_id, 'maxStock', 2147483647)::text;
        end if;
        update products
           set stock = stock + v_line.quantity, version = version + 1, updated_at = now()
         where id = v_line.product_id;

        update sales_by_product_day
           set units_sold = units_sold - v_line.quantity,
               revenue_cents = revenue_cents - v_line.quantity::numeric * v_line.unit_price_cents
         where product_id = v_line.product_id and day = v_day
        returning units_sold into v_left;
        if v_left = 0 then
            delete from sales_by_product_day where product_id = v_line.product_id and day = v_day;
        end if;
    end loop;

    update orders set status = 'CANCELLED', version = version + 1, updated_at = now()
     where id = p_order_id;

    perform write_outbox_event('order', p_order_id::text, 'order.cancelled',
            jsonb_build_object('orderId', v_order.id, 'customerId', v_order.customer_id,
                               'customerEmail', v_order.customer_email, 'totalCents', v_order.total_cents,
                               'currency', v_order.currency,
                               'cancelledAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
            p_headers);

    return order_json(p_order_id);
end;
$$;
