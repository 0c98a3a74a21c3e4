-- wrk script: POST a signed-looking Standard Webhook to the demo receiver (the signature is
-- checked, and found invalid unless the secret matches: the check costs the same).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["webhook-id"] = "evt-bench"
wrk.headers["webhook-timestamp"] = "1700000000"
wrk.headers["webhook-signature"] = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="
wrk.body = '{"type":"order.created","timestamp":"2026-12-02T10:00:00Z","data":{"orderId":"6f0c3d1e-0000-4000-8000-000000000000","totalCents":2500,"currency":"EUR"}}'
wrk.path = "/hooks/demo"
