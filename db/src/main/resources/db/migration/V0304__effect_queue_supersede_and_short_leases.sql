-- Delivery without a transaction across the call: full-state upserts (CRM contact, deal) can be replaced by a newer
-- queued one of the same group (recorded as 'superseded'); claims are found by who holds them and until when.
alter table effect_queue add column supersedable boolean not null default false;

alter table delivery_attempts drop constraint delivery_outcome_known;
alter table delivery_attempts add constraint delivery_outcome_known
    check (outcome in ('success', 'failure', 'dead_letter', 'duplicate', 'superseded'));

create index effect_queue_leased_by on effect_queue (leased_by) where leased_by is not null;
