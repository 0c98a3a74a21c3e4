-- wrk script: place orders (closed loop), one product of 16 and one of 50 customer emails per
-- request. bench/run fills in @TOKEN@ (a customer's JWT) and @PRODUCTS@ (comma-separated ids).
local products = {}
for id in string.gmatch("@PRODUCTS@", "[^,]+") do products[#products + 1] = id end
local n = 0

request = function()
  n = n + 1
  local body = string.format(
    '{"customerEmail":"bench-customer@example.com","items":[{"productId":"%s","quantity":1}]}',
    products[(n % #products) + 1])
  return wrk.format("POST", "/api/orders", {
    ["Authorization"] = "Bearer @TOKEN@",
    ["Content-Type"] = "application/json",
  }, body)
end
