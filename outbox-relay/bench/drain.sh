#!/usr/bin/env bash
# Relay backlog drain, measured on this machine (issue 10). Run under the build lock:
#   bash outbox-relay/bench/drain.sh [ORDERS]      (default 30000 orders)
# Needs: ./mvnw -pl outbox-relay,infra -am package -DskipTests (the relay's exec jar, Kafka's jars).
#
# Starts its own Postgres cluster and Kafka broker on free ports (never ./fleet's), lets the relay
# create its slot and stop, writes ORDERS orders with pgbench calling create_order_transaction
# (each: one outbox row + an orders insert + a products update = 3 records on Kafka), then starts
# the relay again and times the drain from /actuator/prometheus (fleet_relay_events_total). Then
# pg_recvlogical decodes the same backlog from a second slot created at the same point: the limit.
# Prints one line per figure. RELAY_JAVA_OPTS adds JVM options to the relay's (-Xmx256m -XX:+UseSerialGC,
# as ./fleet runs it): a JFR recording, or -XX:TieredStopAtLevel=1 to compare C1 alone.
set -euo pipefail
ORDERS="${1:-30000}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
WORK="$(mktemp -d /tmp/relay-bench.XXXXXX)"
chmod 755 "$WORK"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT="$(free_port)"; KAFKA_PORT="$(free_port)"; CTRL_PORT="$(free_port)"; HTTP_PORT="$(free_port)"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PSQL=(psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d fleet)
say() { echo "bench: $*"; }
RELAY_PID=""; KAFKA_PID=""

cleanup() {
  [[ -n "$RELAY_PID" ]] && kill -KILL "$RELAY_PID" 2>/dev/null || true
  [[ -n "$KAFKA_PID" ]] && kill -KILL "$KAFKA_PID" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT

# ---- Postgres
mkdir -p "$WORK/pg" && { [[ "$(id -u)" != 0 ]] || chown postgres:postgres "$WORK/pg"; }
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories=$WORK/pg -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10 \
  -c shared_buffers=256MB -c max_wal_size=4GB -c synchronous_commit=off" start >/dev/null
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
  -c "create role fleet login replication password 'fleet'" -c "create database fleet owner fleet"
"${PSQL[@]}" -c "alter schema public owner to fleet"

# ---- Kafka (the jars ./fleet runs; ./fleet's settings, but without SASL and ACLs: this measures the
# relay's throughput on a private broker nobody else reaches)
mkdir -p "$WORK/kafka/data"
grep -v -e '^listener' -e '^advertised' -e '^inter.broker' -e '^sasl' -e '^authorizer' \
    -e '^allow.everyone' -e '^super.users' "$REPO/infra/kafka/server.properties" \
  | sed -e "s|@LOG_DIRS@|$WORK/kafka/data|" -e "s|127.0.0.1:9093|127.0.0.1:$CTRL_PORT|g" >"$WORK/kafka/server.properties"
cat >>"$WORK/kafka/server.properties" <<PROPERTIES
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CTRL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
PROPERTIES
kjava() { java -Xms128m -Xmx512m -Dlog4j2.configurationFile="$REPO/infra/kafka/log4j2.properties" -cp "$REPO/infra/target/kafka-libs/*" "$@"; }
kjava kafka.tools.StorageTool format -c "$WORK/kafka/server.properties" \
  -t "$(kjava kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" >"$WORK/kafka.log" 2>&1
kjava kafka.Kafka "$WORK/kafka/server.properties" >>"$WORK/kafka.log" 2>&1 &
KAFKA_PID=$!

# ---- the relay
JAR="$(ls "$REPO"/outbox-relay/target/outbox-relay-*-exec.jar)"
start_relay() {
  # shellcheck disable=SC2086
  FLEET_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/fleet" FLEET_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  SERVER_PORT="$HTTP_PORT" java -Xmx256m -XX:+UseSerialGC ${RELAY_JAVA_OPTS:-} -jar "$JAR" >>"$WORK/relay.log" 2>&1 &
  RELAY_PID=$!
}
metrics() { curl -fsS -m 2 "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" 2>/dev/null || true; }
published() { metrics | awk '/^fleet_relay_events_total/ {s += $2} END {printf "%d", s}'; }
streaming() { curl -fsS -m 2 "http://127.0.0.1:$HTTP_PORT/actuator/health" 2>/dev/null | grep -q '"streaming":true'; }
now_ms() { date +%s%3N; }

start_relay
for _ in $(seq 1 600); do streaming && break; sleep 0.2; done
streaming || { tail -n 30 "$WORK/relay.log"; say "relay did not stream"; exit 1; }
# one published row, so offsets are stored: the next start resumes from the slot (no snapshot)
"${PSQL[@]}" -c "insert into outbox_events (aggregate_type, aggregate_id, event_type, payload) values ('bench', 'b', 'bench.started', '{}')"
for _ in $(seq 1 100); do [[ "$(published)" -ge 1 ]] && break; sleep 0.2; done
sleep 1
kill -TERM "$RELAY_PID"; wait "$RELAY_PID" || true; RELAY_PID=""
say "relay created its slot, migrated and stopped"

# ---- the backlog: ORDERS orders, one product each, while the relay is stopped
"${PSQL[@]}" -c "select pg_create_logical_replication_slot('bench_recv', 'pgoutput')" >/dev/null
"${PSQL[@]}" <<'SQL'
insert into products (id, sku, name, price_cents, currency, stock)
select gen_random_uuid(), 'sku-' || i, 'Product ' || i, 1000 + i, 'EUR', 1000000000 from generate_series(1, 64) i;
create table bench_products as select row_number() over () as n, id from products;
SQL
cat >"$WORK/order.sql" <<'SQL'
\set n random(1, 64)
select create_order_transaction(jsonb_build_object('customerId', 'c-' || :client_id, 'customerEmail', 'c@example.com',
  'items', jsonb_build_array(jsonb_build_object('productId', (select id from bench_products where n = :n), 'quantity', 1))));
SQL
CLIENTS=4
t0=$(now_ms)
pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -j 2 -t $((ORDERS / CLIENTS)) -f "$WORK/order.sql" fleet >"$WORK/pgbench.log" 2>&1
t1=$(now_ms)
EXPECTED=$(( $("${PSQL[@]}" -c "select count(*) from outbox_events where aggregate_type = 'order'") * 3 ))
say "backlog: $("${PSQL[@]}" -c "select count(*) from outbox_events where aggregate_type = 'order'") orders in $((t1 - t0)) ms -> $EXPECTED records expected; WAL $("${PSQL[@]}" -c "select pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)) from pg_replication_slots where slot_name = 'bench_recv'")"
END_LSN="$("${PSQL[@]}" -c "select pg_current_wal_lsn()")"

# ---- drain
# CPU ticks of each relay thread, the Kafka broker and Postgres (postmaster and its children)
thread_ticks() { for t in /proc/"$RELAY_PID"/task/*; do echo "$(awk '{print $14 + $15}' "$t/stat") $(tr ' ' '_' <"$t/comm")"; done 2>/dev/null; }
# a process's own CPU ticks and those of the children it reaped (Postgres' finished backends)
proc_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
kafka_ticks() { local j; j="$(pgrep -P "$KAFKA_PID" java || echo "$KAFKA_PID")"; proc_ticks "$j"; }
pg_ticks() {
  local pm; pm="$(head -n1 "$WORK/pg/postmaster.pid")"
  { proc_ticks "$pm"; for c in $(pgrep -P "$pm" || true); do proc_ticks "$c"; done; } | awk '{s += $1} END {print s + 0}'
}
start_relay
t_start=$(now_ms); t_first=""; rss_max=0; n=0
while :; do
  n=$(published); n=${n:-0}
  if [[ -z "$t_first" && "$n" -gt 0 ]]; then
    t_first=$(now_ms); thread_ticks >"$WORK/threads0"; k0=$(kafka_ticks); p0=$(pg_ticks)
  fi
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$RELAY_PID/status" 2>/dev/null || echo 0); (( rss > rss_max )) && rss_max=$rss
  (( n >= EXPECTED )) && break
  (( $(now_ms) - t_start < 300000 )) || { say "drain timed out at $n of $EXPECTED"; break; }
  kill -0 "$RELAY_PID" 2>/dev/null || { tail -n 30 "$WORK/relay.log"; say "relay exited"; exit 1; }
  sleep 0.1
done
t_done=$(now_ms)
thread_ticks >"$WORK/threads1"; k1=$(kafka_ticks); p1=$(pg_ticks)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$RELAY_PID/stat"; }
say "relay: first record $((t_first - t_start)) ms after the process started; $n records drained in $((t_done - t_first)) ms = $(( n * 1000 / (t_done - t_first + 1) )) records/s; peak RSS $((rss_max / 1024)) MiB"
# the drain's start (the log also holds the first start's lines): streaming, then the first ack
grep -oE '(streaming slot [^ ]+|first record acknowledged by Kafka) [0-9]+ ms after the lock was taken' "$WORK/relay.log" | tail -n2 | sed 's/^/bench: relay: /' || true
# where the CPU went while draining: the relay's busiest threads, the broker and Postgres, in % of one core
awk -v ms="$((t_done - t_first))" -v hz="$(getconf CLK_TCK)" -v n="$n" -v k="$((k1 - k0))" -v p="$((p1 - p0))" '
  FNR == NR { before[$2] += $1; next } { after[$2] += $1 }
  END {
    for (t in after) { d = after[t] - before[t]; total += d; if (d > 0) busy[t] = d }
    line = ""; for (i = 0; i < 4; i++) { best = ""; for (t in busy) if (best == "" || busy[t] > busy[best]) best = t
      if (best == "") break; line = line sprintf("%s %.0f%%, ", substr(best, 1, 24), 100 * busy[best] / hz / (ms / 1000)); delete busy[best] }
    printf "bench: CPU while draining (%% of one core): relay %.0f%% (%s...), kafka %.0f%%, postgres %.0f%%; CPU per record: relay %.0f us, kafka %.0f us, postgres %.0f us\n",
      100 * total / hz / (ms / 1000), line, 100 * k / hz / (ms / 1000), 100 * p / hz / (ms / 1000),
      1e6 * total / hz / n, 1e6 * k / hz / n, 1e6 * p / hz / n
  }' "$WORK/threads0" "$WORK/threads1"

# ---- idle CPU of the relay over 30 s (no scrapes meanwhile); IDLE=0 skips it
if [[ "${IDLE:-1}" == 1 ]]; then
  # 20 s first: the JIT compiler is still busy for a while after a drain
  sleep 20; c0=$(cpu_ticks); sleep 30; c1=$(cpu_ticks)
  say "relay idle: $(awk -v t="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", 100 * t / hz / 30 }')% of a core (cpu ticks $((c1 - c0)) in 30 s)"
fi
# ---- latency: LAT_RATE orders/s (3 records each) for 30 s, commit -> Kafka ack from the histogram
if [[ -n "${LAT_RATE:-}" ]]; then
  # the backlog was written with synchronous_commit=off; a commit's WAL would then reach the
  # walsender only at the WAL writer's next flush (up to 200 ms): these sessions commit with it on,
  # as ./fleet's Postgres does
  metrics >"$WORK/lat0.txt"; l0=$(cpu_ticks)
  PGOPTIONS="-c synchronous_commit=on" pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 2 -j 2 -R "$LAT_RATE" -T 30 -f "$WORK/order.sql" fleet >"$WORK/pgbench-lat.log" 2>&1
  sleep 1; metrics >"$WORK/lat1.txt"; l1=$(cpu_ticks)
  say "relay CPU during the latency run: $(awk -v t="$((l1 - l0))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", 100 * t / hz / 31 }')% of a core"
  python3 - "$WORK/lat0.txt" "$WORK/lat1.txt" <<'PY'
import re, sys
def buckets(path):
    b = {}
    for line in open(path):
        m = re.match(r'fleet_relay_lag_seconds_bucket\{le="([^"]+)"\} (\S+)', line)
        if m: b[float('inf') if m.group(1) == '+Inf' else float(m.group(1))] = float(m.group(2))
    return b
b0, b1 = buckets(sys.argv[1]), buckets(sys.argv[2])
les = sorted(b1); cum = [(le, b1[le] - b0.get(le, 0)) for le in les]
total = cum[-1][1]
def q(p):
    target, prev_le, prev_c = p * total, 0.0, 0.0
    for le, c in cum:
        if c >= target:
            return prev_le + (le - prev_le) * ((target - prev_c) / (c - prev_c) if c > prev_c else 0)
        prev_le, prev_c = le, c
under20 = dict(cum).get(0.02, float('nan'))
print(f"bench: latency commit -> Kafka ack: {int(total)} records, p50 {q(0.5)*1000:.1f} ms, p99 {q(0.99)*1000:.1f} ms, {100*under20/total:.2f}% <= 20 ms")
PY
fi
kill -TERM "$RELAY_PID"; wait "$RELAY_PID" || true; RELAY_PID=""
[[ "${RECV:-1}" == 1 ]] || exit 0

# ---- the limit: pg_recvlogical decoding the same backlog
r0=$(now_ms)
pg_recvlogical -h 127.0.0.1 -p "$PG_PORT" -U postgres -d fleet --slot bench_recv --start --no-loop \
  -o proto_version=1 -o publication_names=fleet_outbox -E "$END_LSN" -f "$WORK/recv.out"
r1=$(now_ms)
say "pg_recvlogical: $EXPECTED records in $((r1 - r0)) ms = $(( EXPECTED * 1000 / (r1 - r0 + 1) )) records/s ($(stat -c %s "$WORK/recv.out") bytes)"
[[ -z "${KEEP:-}" ]] || say "kept $WORK"
