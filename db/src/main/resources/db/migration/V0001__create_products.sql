-- Products with their price and stock; stock is the invariant orders compete for.
-- The named CHECK makes a violation say what broke.
create table products (
    id          uuid primary key default gen_random_uuid(),
    sku         text        not null constraint products_sku_unique unique,
    name        text        not null,
    price_cents bigint      not null constraint price_never_negative check (price_cents >= 0),
    currency    char(3)     not null constraint currency_is_iso check (currency ~ '^[A-Z]{3}$'),
    stock       integer     not null constraint stock_never_negative check (stock >= 0),
    version     bigint      not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
