-- wrk script: PUT a CRM contact, like the workers' CRM sync does.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer dev-crm-token"
wrk.headers["Idempotency-Key"] = "evt-bench"
wrk.body = '{"email":"alice@example.com","name":"Alice","orders":3,"lastOrderId":"6f0c3d1e-0000-4000-8000-000000000000"}'
wrk.path = "/contacts/alice%40example.com"
