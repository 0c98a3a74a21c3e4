#!/usr/bin/env python3
"""Load a running fleet (./fleet up) with orders and report what a user would notice.

Places N orders over HTTP with C concurrent callers, then waits until the workers have done every
effect. Prints the order API's throughput and latency percentiles, and commit -> effect-done
latency percentiles per effect, taken from the workers' fleet_effect_latency_seconds histogram
(difference of two scrapes, so earlier traffic does not count).

  bench/order-load.py --orders 500 --concurrency 8
"""
import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
import time
import urllib.request

API = "http://127.0.0.1:8080"
WORKERS = "http://127.0.0.1:8082/actuator/prometheus"
ROOT = __file__.rsplit("/bench/", 1)[0]


def token(sub, role):
    return subprocess.check_output([f"{ROOT}/fleet", "token", sub, role], text=True).strip()


def call(method, path, tok, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(API + path, data=data, method=method,
                                 headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, json.loads(resp.read() or b"null")


def scrape():
    """Histogram buckets and success counts of the workers, keyed by effect."""
    text = urllib.request.urlopen(WORKERS, timeout=10).read().decode()
    buckets, done = {}, {}
    for line in text.splitlines():
        m = re.match(r'fleet_effect_latency_seconds_bucket\{(.*)\} (\S+)', line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            le = float("inf") if labels["le"] == "+Inf" else float(labels["le"])
            buckets.setdefault(labels["effect"], {})[le] = float(m.group(2))
        m = re.match(r'fleet_effect_attempts_total\{(.*)\} (\S+)', line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if labels.get("outcome") == "success":
                done[labels["effect"]] = done.get(labels["effect"], 0) + float(m.group(2))
    return buckets, done


def quantile(q, cumulative):
    """Prometheus-style histogram_quantile over sorted (le, cumulative count) pairs."""
    total = cumulative[-1][1]
    if total == 0:
        return float("nan")
    rank, prev_le, prev_count = q * total, 0.0, 0.0
    for le, count in cumulative:
        if count >= rank:
            if le == float("inf"):
                return prev_le
            return prev_le + (le - prev_le) * (rank - prev_count) / max(count - prev_count, 1e-9)
        prev_le, prev_count = le, count
    return prev_le


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    admin = token("bench-admin", "admin")
    customers = [token(f"bench-{i}", "customer") for i in range(args.concurrency)]
    _, product = call("POST", "/api/products", admin, {"sku": f"BENCH-{time.time_ns()}", "name": "Bench",
                                                       "priceCents": 100, "currency": "EUR", "stock": args.orders})
    before_buckets, before_done = scrape()

    def place(i):
        started = time.perf_counter()
        status, _ = call("POST", "/api/orders", customers[i % len(customers)],
                         {"customerEmail": f"bench-{i}@example.com",
                          "items": [{"productId": product["id"], "quantity": 1}]})
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(place, range(args.orders)))
    elapsed = time.perf_counter() - started
    latencies = [seconds for status, seconds in results if status == 201]
    print(f"orders: {len(latencies)}/{args.orders} created in {elapsed:.1f}s = {len(latencies) / elapsed:.0f} orders/s "
          f"with {args.concurrency} callers")
    print("POST /api/orders latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f" % tuple(
        1000 * x for x in (percentile(latencies, .5), percentile(latencies, .9), percentile(latencies, .99), max(latencies))))

    # per order: 1 email, 2 CRM calls, webhooks only if endpoints are registered
    expected = {"email": len(latencies), "crm": 2 * len(latencies)}
    deadline = time.time() + 600
    while time.time() < deadline:
        buckets, done = scrape()
        if all(done.get(e, 0) - before_done.get(e, 0) >= n for e, n in expected.items()):
            break
        time.sleep(1)
    else:
        print("timed out waiting for effects", file=sys.stderr)
    drained = time.perf_counter() - started
    print(f"all effects done {drained:.1f}s after the first order")
    for effect in sorted(buckets):
        delta = sorted((le, count - before_buckets.get(effect, {}).get(le, 0)) for le, count in buckets[effect].items())
        if delta[-1][1] > 0:
            print("commit -> %-8s done ms: p50 %.0f  p90 %.0f  p99 %.0f  (%d effects)" % (
                effect, 1000 * quantile(.5, delta), 1000 * quantile(.9, delta), 1000 * quantile(.99, delta), delta[-1][1]))


if __name__ == "__main__":
    main()
