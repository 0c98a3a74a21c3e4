-- The relay's heartbeat is now a logical decoding message (pg_logical_emit_message): it moves the
-- slot on an idle database without writing a table, so the heartbeat table leaves the publication.
alter publication fleet_outbox drop table relay_heartbeat;
drop table relay_heartbeat;
