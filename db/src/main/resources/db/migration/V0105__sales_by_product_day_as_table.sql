-- The sales report as a table the order commands keep in their own transaction (R__order_functions.sql):
-- refreshing V0104's view recomputed every order ever placed (55 ms a refresh, 13% of Postgres time at 50 orders/s).
drop function if exists refresh_sales_by_product_day();
drop materialized view sales_by_product_day;

-- No foreign key to products: every row comes from order_items, which has it, and R__report_functions.sql's
-- recount must not wait for product rows that an order command holds while it waits for the recount's lock.
-- A product/day whose orders are all cancelled has no row, as in the view.
create table sales_by_product_day (
    product_id    uuid    not null,
    day           date    not null,
    units_sold    bigint  not null constraint units_sold_never_negative check (units_sold >= 0),
    revenue_cents numeric not null,
    primary key (product_id, day)
);

-- V0104's rows: UTC day of the order's created_at, cancelled orders left out, revenue exact in numeric.
insert into sales_by_product_day (product_id, day, units_sold, revenue_cents)
select i.product_id,
       (o.created_at at time zone 'UTC')::date,
       sum(i.quantity),
       sum(i.quantity::numeric * i.unit_price_cents)
  from order_items i
  join orders o on o.id = i.order_id
 where o.status <> 'CANCELLED'
 group by i.product_id, (o.created_at at time zone 'UTC')::date;
