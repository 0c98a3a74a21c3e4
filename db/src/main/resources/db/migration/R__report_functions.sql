-- Refresh of the sales read model. The transaction-level advisory lock makes sure that two
-- instances never refresh at once: the loser skips (returns false) instead of queueing.
create or replace function refresh_sales_by_product_day() returns boolean
language plpgsql as $$
begin
    if not pg_try_advisory_xact_lock(hashtext('fleet.sales_by_product_day')) then
        return false;
    end if;
    refresh materialized view concurrently sales_by_product_day;
    return true;
end;
$$;
