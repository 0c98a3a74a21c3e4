-- Where each queued effect's event came from, for the ops console's lineage: the Kafka record the
-- consumer group read (topic, partition, offset) and the outbox row's position in the write-ahead
-- log (the relay's ce_pglsn header, Postgres's text form such as 16/B374D848). Copied into
-- effect_log when the effect is done; null for rows queued before this version or records without
-- the header.
alter table effect_queue
    add column kafka_topic     text,
    add column kafka_partition integer,
    add column kafka_offset    bigint,
    add column wal_position    text;

alter table effect_log
    add column kafka_topic     text,
    add column kafka_partition integer,
    add column kafka_offset    bigint,
    add column wal_position    text;
