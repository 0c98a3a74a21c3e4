-- The sales report's revenue as numeric: each order's total fits a bigint, but one product's orders of one day
-- can sum past it, and then V0103's ::bigint cast failed every refresh. Same rows, rebuilt; units stay bigint.
drop materialized view sales_by_product_day;

create materialized view sales_by_product_day as
select i.product_id,
       p.sku,
       (o.created_at at time zone 'UTC')::date              as day,
       sum(i.quantity)::bigint                              as units_sold,
       sum(i.quantity::numeric * i.unit_price_cents)        as revenue_cents
  from order_items i
  join orders o on o.id = i.order_id
  join products p on p.id = i.product_id
 where o.status <> 'CANCELLED'
 group by i.product_id, p.sku, (o.created_at at time zone 'UTC')::date;

create unique index sales_by_product_day_key on sales_by_product_day (product_id, day);
