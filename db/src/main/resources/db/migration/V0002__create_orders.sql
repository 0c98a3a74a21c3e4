-- Orders and their lines. Prices are copied onto the line at order time.
-- customer_id is the JWT subject of the customer who placed the order.
create table orders (
    id             uuid primary key,
    customer_id    text        not null,
    customer_email text        not null,
    status         text        not null constraint order_status_known
                               check (status in ('PENDING_PAYMENT', 'PAID', 'CANCELLED')),
    total_cents    bigint      not null constraint total_never_negative check (total_cents >= 0),
    currency       char(3)     not null,
    version        bigint      not null default 0,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index orders_customer_created on orders (customer_id, created_at desc, id desc);

create table order_items (
    order_id         uuid    not null references orders (id),
    product_id       uuid    not null references products (id),
    quantity         integer not null constraint quantity_positive check (quantity >= 1),
    unit_price_cents bigint  not null,
    primary key (order_id, product_id)
);
