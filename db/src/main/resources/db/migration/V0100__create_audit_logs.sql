-- Audit trail of orders, order_items, products and documents, written only by audit_trigger_func().
-- Append-only: the application role may insert and read, never update, delete or truncate.
create table audit_logs (
    id          bigint generated always as identity primary key,
    table_name  text        not null,
    record_id   text        not null,
    operation   text        not null constraint audit_operation_known
                            check (operation in ('INSERT', 'UPDATE', 'DELETE')),
    actor       text        not null,
    occurred_at timestamptz not null default clock_timestamp(),
    old_value   jsonb,
    new_value   jsonb,
    tx_id       bigint      not null default txid_current()
);
create index audit_logs_record on audit_logs (table_name, record_id, id desc);

-- The owner may revoke its own rights; a guard trigger (R__audit.sql) stops anyone who grants them back.
revoke update, delete, truncate on audit_logs from public;
revoke update, delete, truncate on audit_logs from current_user;
