-- One generic audit trigger for the business tables, and the guard that keeps audit_logs append-only.
-- The actor is the transaction-local setting fleet.actor (the JWT sub of the command), else the database user.

-- Trigger arguments name the key columns (default: id); several are joined with '/',
-- for example order_items' record id is '<order_id>/<product_id>'.
create or replace function audit_trigger_func() returns trigger
language plpgsql as $$
declare
    v_old  jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    v_new  jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    v_row  jsonb := coalesce(v_new, v_old);
    v_keys text[] := case when tg_nargs = 0 then array['id'] else tg_argv end;
    v_id   text;
begin
    select string_agg(v_row ->> k, '/' order by ord) into v_id
      from unnest(v_keys) with ordinality as t(k, ord);
    insert into audit_logs (table_name, record_id, operation, actor, old_value, new_value, tx_id)
    values (tg_table_name, v_id, tg_op,
            coalesce(nullif(current_setting('fleet.actor', true), ''), current_user),
            v_old, v_new, txid_current());
    return null;
end;
$$;

create or replace function audit_logs_are_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_logs is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

drop trigger if exists audit_logs_append_only on audit_logs;
create trigger audit_logs_append_only before update or delete on audit_logs
    for each row execute function audit_logs_are_append_only();

drop trigger if exists orders_audit on orders;
create trigger orders_audit after insert or update or delete on orders
    for each row execute function audit_trigger_func();

drop trigger if exists order_items_audit on order_items;
create trigger order_items_audit after insert or update or delete on order_items
    for each row execute function audit_trigger_func('order_id', 'product_id');

drop trigger if exists products_audit on products;
create trigger products_audit after insert or update or delete on products
    for each row execute function audit_trigger_func();

drop trigger if exists documents_audit on documents;
create trigger documents_audit after insert or update or delete on documents
    for each row execute function audit_trigger_func();
