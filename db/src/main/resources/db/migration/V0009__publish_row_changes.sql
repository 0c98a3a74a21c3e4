-- Row changes of orders, products and documents also flow WAL -> Kafka (the realtime stream).
-- REPLICA IDENTITY FULL makes updates and deletes carry the whole old row, not just the key.
alter table orders replica identity full;
alter table products replica identity full;
alter table documents replica identity full;
alter publication fleet_outbox add table orders, products, documents;
