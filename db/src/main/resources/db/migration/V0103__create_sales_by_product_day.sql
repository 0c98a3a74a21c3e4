-- Read model of the sales report: units and revenue per product per UTC day, cancelled orders left out.
-- The unique index lets it be refreshed CONCURRENTLY, so readers are never blocked by a refresh.
create materialized view sales_by_product_day as
select i.product_id,
       p.sku,
       (o.created_at at time zone 'UTC')::date as day,
       sum(i.quantity)::bigint                   as units_sold,
       sum(i.quantity * i.unit_price_cents)::bigint as revenue_cents
  from order_items i
  join orders o on o.id = i.order_id
  join products p on p.id = i.product_id
 where o.status <> 'CANCELLED'
 group by i.product_id, p.sku, (o.created_at at time zone 'UTC')::date;

create unique index sales_by_product_day_key on sales_by_product_day (product_id, day);
