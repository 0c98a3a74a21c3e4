-- The publication the relay's pgoutput slot reads: the outbox and the heartbeat only.
-- Inserts are what matter; the retention purge's deletes are published and ignored by the relay.
create publication fleet_outbox for table outbox_events, relay_heartbeat;
