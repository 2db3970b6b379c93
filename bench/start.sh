#!/usr/bin/env bash
# Start benchmark: how long from `java -jar runbookd.jar serve` to the first 200 of /readyz,
# with the shipped config and rules on a fresh embedded store, RUNS times (the first start
# creates the store; later ones open it).
#
#   bench/start.sh                  # 5 starts
#   RUNS=10 bench/start.sh
#
# Settings (environment): JAR, BENCH_HOME (config/ and rules/), RUNS (5, at most 50),
# RB_PORT (19395), DEAD_PORT (19396: where the shipped config's targets point, nothing
# listens), OUT. Everything listens on and is sent to 127.0.0.1 only; each start waits 60 s at
# most; every daemon started here is stopped.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JAR=${JAR:-$REPO/target/runbookd.jar}
BENCH_HOME=${BENCH_HOME:-$REPO}
RUNS=${RUNS:-5}
RB_PORT=${RB_PORT:-19395}
DEAD_PORT=${DEAD_PORT:-19396}
OUT=${OUT:-$(mktemp -d /tmp/runbookd-start.XXXXXX)}
for n in "$RUNS" "$RB_PORT" "$DEAD_PORT"; do
  [[ $n =~ ^[0-9]{1,5}$ ]] || { echo "numbers only: $n" >&2; exit 2; }
done
((RUNS >= 1 && RUNS <= 50)) || { echo "RUNS: 1 to 50" >&2; exit 2; }

PID=
stop() { [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=; }
trap stop EXIT

dead="http://127.0.0.1:$DEAD_PORT"
for ((run = 1; run <= RUNS; run++)); do
  started=$(date +%s%N)
  (cd "$BENCH_HOME" && AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
    RUNBOOKD_WEBHOOK_TOKEN=start-webhook-token-0123456789 RUNBOOKD_SERVER_HOST=127.0.0.1 \
    RUNBOOKD_SERVER_PORT=$RB_PORT RUNBOOKD_STORE_URL="jdbc:sqlite:$OUT/runbookd.db" RUNBOOKD_RULES_WATCH=false \
    RUNBOOKD_PROMETHEUS_URL=$dead RUNBOOKD_AWS_ENDPOINT=$dead RUNBOOKD_HTTP_ALLOWEDHOSTS=127.0.0.1 \
    RUNBOOKD_DATASOURCES_NBA_STATS_URL="jdbc:postgresql://127.0.0.1:$DEAD_PORT/nba_stats" \
    exec timeout 120 java -jar "$JAR" serve > "$OUT/runbookd-$run.log" 2>&1) &
  PID=$!
  ready=
  for ((i = 0; i < 1200; i++)); do   # 60 s at most, every 50 ms
    if curl -fsS -o /dev/null "http://127.0.0.1:$RB_PORT/readyz" 2>/dev/null; then ready=$(date +%s%N); break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $ready ]] || { echo "start $run: not ready; see $OUT/runbookd-$run.log" >&2; exit 1; }
  echo "START run=$run ready_ms=$(((ready - started) / 1000000)) load=$(cut -d' ' -f1 /proc/loadavg)"
  stop
done
echo "logs in $OUT"
