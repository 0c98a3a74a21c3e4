-- Documents edited with optimistic locking: an update names the version it read and
-- succeeds only if that is still the current one (update ... where id = ? and version = ?).
create table documents (
    id         uuid primary key default gen_random_uuid(),
    owner_id   text        not null,
    title      text        not null,
    content    text        not null,
    version    bigint      not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index documents_owner on documents (owner_id);
