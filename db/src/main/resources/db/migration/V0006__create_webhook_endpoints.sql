-- Subscribers of outgoing webhooks (Standard Webhooks). The secret is the whsec_ value
-- handed out once at registration; an empty event_types array means every type.
create table webhook_endpoints (
    id          uuid primary key default gen_random_uuid(),
    url         text        not null,
    event_types text[]      not null default '{}',
    description text,
    secret      text        not null,
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now()
);
