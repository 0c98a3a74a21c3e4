-- Admins list every order newest first with a keyset cursor on (created_at, id);
-- customers use orders_customer_created of V0002.
create index orders_created on orders (created_at desc, id desc);
