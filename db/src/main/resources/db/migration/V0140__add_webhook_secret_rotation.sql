-- Secret rotation: the previous secret keeps signing (next to the new one) until the grace window
-- ends, so subscribers can switch without dropping a delivery (Standard Webhooks allows several signatures).
alter table webhook_endpoints
    add column previous_secret            text,
    add column previous_secret_expires_at timestamptz;
