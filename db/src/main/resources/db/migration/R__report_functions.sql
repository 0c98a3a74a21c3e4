-- Recount of sales_by_product_day from the orders. create_order_transaction and cancel_order_transaction
-- (R__order_functions.sql) keep the table exact in each order's own transaction; this file has no function
-- left (V0105 dropped refresh_sales_by_product_day) and stays because Flyway refuses to start when an
-- applied repeatable migration's file is gone.
--
-- Why a recount here: Flyway runs each migration in its own transaction, the versioned ones first, then the
-- repeatables in name order, so this runs after R__order_functions.sql. Orders placed or cancelled between
-- V0105's backfill and the commit of the new order functions went through the old ones, which did not touch
-- the table. EXCLUSIVE waits for the order commands that hold an orders row (placed, being cancelled or
-- paid) and holds the others back until the recount commits; reads go on. Flyway runs this again whenever
-- the file changes: each run is one full recount.
lock table orders in exclusive mode;

delete from sales_by_product_day;

insert into sales_by_product_day (product_id, day, units_sold, revenue_cents)
select i.product_id,
       (o.created_at at time zone 'UTC')::date,
       sum(i.quantity),
       sum(i.quantity::numeric * i.unit_price_cents)
  from order_items i
  join orders o on o.id = i.order_id
 where o.status <> 'CANCELLED'
 group by i.product_id, (o.created_at at time zone 'UTC')::date;
