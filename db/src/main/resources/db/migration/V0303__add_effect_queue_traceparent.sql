-- The W3C traceparent of the command that caused the event (Kafka header traceparent), kept with the
-- queued effect so every log line of its delivery attempts carries the command's trace id; null when the record had none.
alter table effect_queue add column traceparent text;
