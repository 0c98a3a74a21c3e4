-- Product commands as single Postgres functions: the stock change and its outbox row commit together.
-- Errors (class OF): OF002 unknown_product (shared with orders), OF008 stock_never_negative,
-- OF152 stock_out_of_range (stock would pass 2^31-1, what the integer column holds).

-- Moves stock by p_delta (negative takes units out) and writes product.stock_changed.
create or replace function adjust_product_stock(p_product_id uuid, p_delta integer, p_actor text,
                                                p_headers jsonb) returns jsonb
language plpgsql as $$
declare
    v_product products%rowtype;
begin
    perform set_config('fleet.actor', coalesce(p_actor, ''), true);

    select * into v_product from products where id = p_product_id for update;
    if not found then
        raise exception 'unknown_product' using errcode = 'OF002',
            detail = jsonb_build_object('productId', p_product_id)::text;
    end if;
    if v_product.stock::bigint + p_delta < 0 then
        raise exception 'stock_never_negative' using errcode = 'OF008',
            detail = jsonb_build_object('productId', p_product_id, 'stock', v_product.stock,
                                        'delta', p_delta)::text;
    end if;

    if v_product.stock::bigint + p_delta > 2147483647 then
        raise exception 'stock_out_of_range' using errcode = 'OF152',
            detail = jsonb_build_object('productId', p_product_id, 'stock', v_product.stock,
                                        'delta', p_delta, 'maxStock', 2147483647)::text;
    end if;

    update products set stock = stock + p_delta, version = version + 1, updated_at = now()
     where id = p_product_id
    returning * into v_product;

    perform write_outbox_event('product', p_product_id::text, 'product.stock_changed',
            jsonb_build_object('productId', v_product.id, 'sku', v_product.sku, 'stock', v_product.stock,
                               'delta', p_delta),
            p_headers);

    return jsonb_build_object('id', v_product.id, 'sku', v_product.sku, 'name', v_product.name,
                              'priceCents', v_product.price_cents, 'currency', v_product.currency,
                              'stock', v_product.stock, 'version', v_product.version);
end;
$$;
