#!/usr/bin/env bash
# Ingest benchmark: how many alerts per second runbookd stores durably, next to how many
# Prometheus Alertmanager ingests, both driven by wrk over 127.0.0.1.
#
#   bench/ingest.sh                      # runbookd and Alertmanager, 8 and 64 connections
#   TARGETS=runbookd DURATION=30s bench/ingest.sh
#
# For each target, connection count and alerts per request (1 and 20) it runs wrk with
# distinct alerts in every request (real inserts) and then with the same request repeated
# (runbookd's dedup path; Alertmanager's update of an existing alert).
#
# runbookd: started here from JAR on a fresh data directory (embedded SQLite store, the default),
# with POST /webhook/alertmanager (Alertmanager webhook v4 notifications).
# Alertmanager: started here with a route to a receiver without integrations, with
# POST /api/v2/alerts (JSON arrays of postable alerts): that is how Prometheus hands alerts to
# it, and the reference of the target (runbookd must keep up with what Alertmanager ingests).
#
# runbookd's engine works every new incident (the benchmark alerts match RB-101): it runs the
# rule's diagnosis probes, escalates and pages through the outbox. So that nothing leaves the
# machine, the script points every external target of the shipped config at a closed port on
# 127.0.0.1 (DEAD_PORT): Kubernetes (a kubeconfig of its own), Prometheus, the nba_stats
# datasource, the HTTP vars and allowed hosts, and AWS (endpoint override, no instance
# metadata). The probes then fail fast, as they would with every dependency unreachable.
#
# Settings (environment):
#   JAR           runbookd jar (default: target/runbookd.jar of this repository)
#   BENCH_HOME    directory with the config/ and rules/ that go with JAR (default: this
#                 repository)
#   KEEP_STORE    1: keep runbookd's SQLite store after the run (deleted by default)
#   SETTLE        seconds to keep runbookd up after the last run, sampling the store's size
#                 (database and WAL), the resident memory and the heap every 15 s (runbookd
#                 compacts its file once a minute). Default 150; 0 stops it at once.
#   TARGETS       "runbookd alertmanager"
#   CONNECTIONS   "8 64"
#   BATCHES       "1 20"          alerts per request
#   DURATION      15s             per wrk run
#   WARMUP        10s             JIT warm-up per target before measuring (not reported)
#   PROFILE       1: record runbookd with JFR during the 64-connection 1-alert and the
#                 8-connection 20-alert runs (needs DURATION >= 12s) and summarize the
#                 CPU samples per thread (bench/jfr-summary.py)
#   RB_PORT       19195, AM_PORT 19193 (always on 127.0.0.1)
#   DEAD_PORT     19196: a port on 127.0.0.1 where nothing listens; runbookd's probes go there
#   (runbookd itself refuses unknown RUNBOOKD_* variables; any RUNBOOKD_* setting in your
#   environment reaches the benchmarked daemon, e.g. RUNBOOKD_STORE_URL)
#   OUT           directory for logs and raw wrk output (default: a new /tmp/runbookd-bench.*)
#   QUIET_WAIT    seconds to wait (at most) for the machine to be idle (1-minute load average
#                 below 0.5) before each target; 0 does not wait. Default 300.
#
# Everything listens on and is sent to 127.0.0.1 only; every wait is bounded; every process
# started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JAR=${JAR:-$REPO/target/runbookd.jar}
BENCH_HOME=${BENCH_HOME:-$REPO}
KEEP_STORE=${KEEP_STORE:-0}
TARGETS=${TARGETS:-runbookd alertmanager}
CONNECTIONS=${CONNECTIONS:-8 64}
BATCHES=${BATCHES:-1 20}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
PROFILE=${PROFILE:-0}
RB_PORT=${RB_PORT:-19195}
AM_PORT=${AM_PORT:-19193}
DEAD_PORT=${DEAD_PORT:-19196}
SETTLE=${SETTLE:-150}
OUT=${OUT:-$(mktemp -d /tmp/runbookd-bench.XXXXXX)}
QUIET_WAIT=${QUIET_WAIT:-300}
TOKEN=bench-webhook-token-0123456789
HOST=127.0.0.1 # fixed: this benchmark never sends traffic anywhere else

for p in "$RB_PORT" "$AM_PORT" "$DEAD_PORT"; do
  [[ $p =~ ^[0-9]{2,5}$ ]] || { echo "ports must be numbers: $p" >&2; exit 2; }
done
for d in $DURATION $WARMUP; do
  [[ $d =~ ^[0-9]{1,3}s$ ]] || { echo "durations are seconds, at most 999s: $d" >&2; exit 2; }
done
[[ $QUIET_WAIT =~ ^[0-9]{1,4}$ ]] || { echo "QUIET_WAIT is seconds: $QUIET_WAIT" >&2; exit 2; }
[[ $SETTLE =~ ^[0-9]{1,4}$ ]] || { echo "SETTLE is seconds: $SETTLE" >&2; exit 2; }
if ss -Hltn "sport = :$DEAD_PORT" 2>/dev/null | grep -q .; then
  echo "something listens on 127.0.0.1:$DEAD_PORT; pick a free DEAD_PORT" >&2; exit 2
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"

DAEMON=
cleanup() {
  if [[ -n $DAEMON ]]; then stop "$DAEMON"; fi
}
trap cleanup EXIT

# stop PID: SIGTERM, up to 30 s for a clean shutdown, then SIGKILL
stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 30; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; DAEMON=; return 0; }
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  DAEMON=
}

# wait_ready URL: polls once a second, 60 s at most
wait_ready() {
  for ((i = 0; i < 60; i++)); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$DAEMON" 2>/dev/null || { echo "the daemon exited; see $OUT" >&2; return 1; }
    sleep 1
  done
  echo "not ready after 60 s: $1" >&2
  return 1
}

# metric NAME...: the value of the first of these runbookd metrics (without labels) that is
# exported, 0 when none is
metric() {
  curl -fsS "http://$HOST:$RB_PORT/metrics" |
    awk -v names="$*" 'BEGIN { n = split(names, want, " ") }
      { for (i = 1; i <= n; i++) if ($1 == want[i] && !(i in v)) v[i] = $2 }
      END { for (i = 1; i <= n; i++) if (i in v) { printf "%.6f\n", v[i]; exit } print 0 }'
}
# incidents opened by the intake: runbookd_incidents_opened_total; older builds registered
# runbookd_incidents_created_total, which the Prometheus client exports as
# runbookd_incidents_total (it strips the reserved suffix _created)
CREATED="runbookd_incidents_opened_total runbookd_incidents_created_total runbookd_incidents_total"

RUN=$((RANDOM % 60000))
# bench TARGET PORT CONNECTIONS ALERTS DEDUP DURATION [record]
bench() {
  local target=$1 port=$2 c=$3 alerts=$4 dedup=$5 duration=$6 record=${7:-}
  local threads=$((c < 2 ? c : 2)) name="$target-c$c-a$alerts-$([[ $dedup == 1 ]] && echo dedup || echo new)"
  RUN=$((RUN + 1))
  BENCH_TARGET=$target BENCH_ALERTS=$alerts BENCH_DEDUP=$dedup BENCH_TOKEN=$TOKEN \
    BENCH_LABEL="$c" BENCH_RUN=$RUN \
    timeout 1200 wrk -t"$threads" -c"$c" -d"$duration" --timeout 10s --latency \
    -s "$HERE/webhook.lua" "http://$HOST:$port" > "$OUT/$name.wrk.txt" 2>&1
  if [[ -n $record ]]; then
    grep '^RESULT' "$OUT/$name.wrk.txt" >> "$RESULTS"
    echo "$name: load average after the run $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
  fi
}

# runbookd's intake figures over one wrk run: deltas of its /metrics
intake_before() {
  B_COMMITS=$(metric runbookd_store_commit_seconds_count)
  B_COMMIT_SUM=$(metric runbookd_store_commit_seconds_sum)
  B_BATCH_SUM=$(metric runbookd_store_commit_writes_sum)
  B_CREATED=$(metric $CREATED)
  B_DUP=$(metric runbookd_alerts_duplicate_total)
  B_RECV=$(metric runbookd_alerts_received_total)
  B_503=$(metric runbookd_webhook_unavailable_total)
  curl -fsS "http://$HOST:$RB_PORT/metrics" | grep '^runbookd_store_commit_seconds_bucket' > "$OUT/buckets.before" || true
}

# commit_p99: upper bound of the 99th percentile of the commits of the last run, in ms, from
# the buckets of runbookd_store_commit_seconds (deltas against buckets.before)
commit_p99() {
  curl -fsS "http://$HOST:$RB_PORT/metrics" | grep '^runbookd_store_commit_seconds_bucket' > "$OUT/buckets.after" || true
  awk '{ match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5) }
    FNR == NR { before[le] = $2; next }
    { n++; les[n] = le; d[n] = $2 - before[le] }
    END {
      total = d[n]
      if (total <= 0) { print "-"; exit }
      for (i = 1; i <= n; i++) if (d[i] >= 0.99 * total) { print (les[i] == "+Inf" ? "inf" : sprintf("%.1f", les[i] * 1000)); exit }
    }' "$OUT/buckets.before" "$OUT/buckets.after"
}
intake_after() {
  local name=$1
  sleep 1 # let the last commits finish
  awk -v name="$name" \
    -v commits="$(metric runbookd_store_commit_seconds_count)" -v bcommits="$B_COMMITS" \
    -v csum="$(metric runbookd_store_commit_seconds_sum)" -v bcsum="$B_COMMIT_SUM" \
    -v asum="$(metric runbookd_store_commit_writes_sum)" -v basum="$B_BATCH_SUM" \
    -v created="$(metric $CREATED)" -v bcreated="$B_CREATED" \
    -v dup="$(metric runbookd_alerts_duplicate_total)" -v bdup="$B_DUP" \
    -v recv="$(metric runbookd_alerts_received_total)" -v brecv="$B_RECV" \
    -v u="$(metric runbookd_webhook_unavailable_total)" -v bu="$B_503" -v p99="$(commit_p99)" \
    'BEGIN {
       commits -= bcommits
       c = commits > 0 ? commits : 1
       printf "INTAKE %s commits=%d mean_commit_ms=%.2f commit_p99_ms<=%s mean_writes_per_commit=%.1f new_alerts=%d incidents_opened=%d duplicates=%d answered_503=%d\n",
         name, commits, (csum - bcsum) * 1000 / c, p99, (asum - basum) / c, (recv - brecv) - (dup - bdup), created - bcreated, dup - bdup, u - bu
     }' | tee -a "$OUT/intake.txt"
}

# profile PID NAME: an 8-second JFR recording of runbookd, 3 s into the current wrk run
profile() {
  local pid=$1 name=$2
  sleep 3
  jcmd "$pid" JFR.start name="$name" settings=profile duration=8s filename="$OUT/$name.jfr" > /dev/null 2>&1 || true
  sleep 9
}

profile_report() {
  local f
  for f in "$OUT"/*.jfr; do
    [[ -f $f ]] || continue
    jfr print --events jdk.ExecutionSample --stack-depth 64 "$f" > "${f%.jfr}.samples.txt" &&
      python3 "$HERE/jfr-summary.py" "${f%.jfr}.samples.txt" | tee -a "$OUT/profile.txt"
  done
}

run_runbookd() {
  [[ -f $JAR ]] || { echo "no runbookd jar at $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
  local dir=$OUT/runbookd
  rm -rf "$dir" && mkdir -p "$dir"
  cp -r "$BENCH_HOME/config" "$BENCH_HOME/rules" "$dir/"
  local dead=http://$HOST:$DEAD_PORT
  cat > "$dir/kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: none
    cluster: {server: "https://$HOST:$DEAD_PORT", insecure-skip-tls-verify: true}
users:
  - name: none
    user: {token: bench-no-cluster}
contexts:
  - name: none
    context: {cluster: none, user: none, namespace: nba-mcp}
current-context: none
YAML
  (cd "$dir" && KUBECONFIG=$dir/kubeconfig AWS_EC2_METADATA_DISABLED=true \
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
    RUNBOOKD_WEBHOOK_TOKEN=$TOKEN RUNBOOKD_SERVER_HOST=$HOST RUNBOOKD_SERVER_PORT=$RB_PORT \
    RUNBOOKD_PROMETHEUS_URL=$dead RUNBOOKD_AWS_ENDPOINT=$dead RUNBOOKD_HTTP_ALLOWEDHOSTS=$HOST \
    RUNBOOKD_DATASOURCES_NBA_STATS_URL=jdbc:postgresql://$HOST:$DEAD_PORT/nba_stats \
    RUNBOOKD_VARS_HEALTH_URL=$dead/health RUNBOOKD_VARS_RETRAIN_URL=$dead/retrain \
    RUNBOOKD_VARS_DRIFT_URL=$dead/drift \
    exec timeout 3600 java -jar "$JAR" serve > "$dir/runbookd.log" 2>&1) &
  DAEMON=$!
  wait_ready "http://$HOST:$RB_PORT/readyz"
  echo "runbookd ready (store $dir/data); warming up for $WARMUP"
  bench runbookd "$RB_PORT" 8 20 0 "$WARMUP"
  bench runbookd "$RB_PORT" 64 1 0 "$WARMUP"
  for c in $CONNECTIONS; do
    for a in $BATCHES; do
      for dedup in 0 1; do
        local name="runbookd-c$c-a$a-$([[ $dedup == 1 ]] && echo dedup || echo new)"
        intake_before
        local jpid=
        if [[ $PROFILE == 1 && $dedup == 0 ]] && [[ ($c == 64 && $a == 1) || ($c == 8 && $a == 20) ]]; then
          profile "$(pgrep -P "$DAEMON" | head -1)" "$name" & jpid=$!
        fi
        bench runbookd "$RB_PORT" "$c" "$a" "$dedup" "$DURATION" record
        if [[ -n $jpid ]]; then wait "$jpid"; fi
        intake_after "$name"
      done
    done
  done
  curl -fsS "http://$HOST:$RB_PORT/metrics" > "$OUT/runbookd-metrics.txt"
  settle "$(pgrep -P "$DAEMON" | head -1)" "$dir/data/runbookd.db"
  curl -fsS "http://$HOST:$RB_PORT/metrics" > "$OUT/runbookd-metrics-settled.txt"
  stop "$DAEMON"
  if [[ $PROFILE == 1 ]]; then profile_report; fi
  store_report "$dir"
  log_report "$dir/runbookd.log"
}

# settle PID FILE: keeps runbookd up SETTLE seconds after the load, sampling every 15 s the
# store's size (FILE and its WAL), the resident memory, the Java heap in use (jcmd GC.heap_info; runbookd exports no
# JVM metrics), the intake queue, the incidents opened and those the engine has finished with
settle() {
  local pid=$1 file=$2
  for ((t = 0; t <= SETTLE; t += 15)); do
    curl -fsS "http://$HOST:$RB_PORT/metrics" > "$OUT/settle.metrics" 2>/dev/null || true
    awk -v t="$t" -v mib="$(( ($(stat -c %s "$file" 2>/dev/null || echo 0) + $(stat -c %s "$file-wal" 2>/dev/null || echo 0)) / 1048576 ))" \
      -v rss="$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null)" \
      -v heap="$(timeout 20 jcmd "$pid" GC.heap_info 2>/dev/null | awk '/ used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print int(v / 1024); exit } }')" '
      /^runbookd_store_write_queue / { q = $2 }
      /^runbookd_incidents_opened_total / { opened = $2 }
      /^runbookd_incidents_total\{/ { done += $2 }
      /^runbookd_pages_total\{/ { pages += $2 }
      END {
        printf "SETTLE t=%ds file_mib=%d rss_mib=%s heap_used_mib=%s queue=%d incidents_opened=%d engine_finished=%d pages=%d\n",
          t, mib, rss, heap, q, opened, done, pages
      }' "$OUT/settle.metrics" | tee -a "$OUT/intake.txt"
    if ((t + 15 <= SETTLE)); then sleep 15; fi
  done
  rm -f "$OUT/settle.metrics"
}

# log_report LOG: how many WARN and ERROR lines runbookd logged, and the commonest ones
log_report() {
  local log=$1
  [[ -f $log ]] || return 0
  echo "LOG warn=$(grep -c ' WARN ' "$log") error=$(grep -c ' ERROR ' "$log")" | tee -a "$OUT/intake.txt"
  grep ' ERROR \|Exception' "$log" | cut -d' ' -f3- | sed -E 's/inc-[0-9a-f]+/inc-…/g; s/[0-9]+/N/g' |
    sort | uniq -c | sort -rn | head -5 | cut -c1-240 | tee -a "$OUT/intake.txt" || true  # no match is fine
}

# store_report DIR: size of the SQLite database and its WAL after the run, the rows in it, and
# the size of a vacuumed copy (the live data); then deletes it unless KEEP_STORE=1
store_report() {
  local dir=$1 file=$1/data/runbookd.db
  [[ -f $file ]] || return 0
  local before
  before=$(( $(stat -c %s "$file") + $(stat -c %s "$file-wal" 2>/dev/null || echo 0) ))
  timeout 600 python3 - "$file" "$before" <<'PY' | tee -a "$OUT/intake.txt"
import os, sqlite3, sys, tempfile
path, before = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
count = lambda t: db.execute("SELECT COUNT(*) FROM " + t).fetchone()[0]
copy = os.path.join(tempfile.mkdtemp(), "live.db")
db.execute("VACUUM INTO ?", (copy,))
print("STORE file_mib_after_stop=%d live_mib=%d rows=\"%d incidents, %d alerts, %d timeline rows\"" % (
    before // 1048576, os.path.getsize(copy) // 1048576, count("incidents"), count("alerts"), count("timeline")))
os.remove(copy)
PY
  if [[ $KEEP_STORE != 1 ]]; then rm -rf "$dir/data"; fi
}

run_alertmanager() {
  local am
  am=$(command -v alertmanager || command -v prometheus-alertmanager) ||
    { echo "Alertmanager is not installed (apt-get install prometheus-alertmanager)" >&2; exit 2; }
  local dir=$OUT/alertmanager
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/alertmanager.yml" <<'YAML'
route:
  receiver: sink
  group_by: [alertname]
receivers:
  - name: sink
YAML
  (cd "$dir" && exec timeout 3600 "$am" --config.file=alertmanager.yml --storage.path=data \
    --web.listen-address="$HOST:$AM_PORT" --cluster.listen-address= > "$dir/alertmanager.log" 2>&1) &
  DAEMON=$!
  wait_ready "http://$HOST:$AM_PORT/-/ready"
  echo "Alertmanager ready; warming up for $WARMUP"
  bench alertmanager "$AM_PORT" 8 20 0 "$WARMUP"
  for c in $CONNECTIONS; do
    for a in $BATCHES; do
      for dedup in 0 1; do
        bench alertmanager "$AM_PORT" "$c" "$a" "$dedup" "$DURATION" record
      done
    done
  done
  curl -fsS "http://$HOST:$AM_PORT/metrics" > "$OUT/alertmanager-metrics.txt"
  stop "$DAEMON"
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  command -v prometheus-alertmanager alertmanager >/dev/null 2>&1 &&
    echo "alertmanager: $( (alertmanager --version 2>/dev/null || prometheus-alertmanager --version) 2>&1 | head -1)"
  echo "runbookd: $JAR (sha256 $(sha256sum "$JAR" 2>/dev/null | cut -c1-12)); config and rules from $BENCH_HOME"
  echo "duration per run: $DURATION; warm-up: $WARMUP; output: $OUT"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews the figures)"
} | tee "$OUT/machine.txt"

# wait_quiet: the figures only mean something on an otherwise idle machine
wait_quiet() {
  for ((i = 0; i < QUIET_WAIT; i += 5)); do
    awk '{ exit !($1 < 0.5) }' /proc/loadavg && return 0
    sleep 5
  done
  [[ $QUIET_WAIT == 0 ]] || echo "warning: load average still $(cut -d' ' -f1 /proc/loadavg) after ${QUIET_WAIT}s; measuring anyway"
}

for t in $TARGETS; do
  wait_quiet
  echo "$t: load average at start $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
  case $t in
    runbookd) run_runbookd ;;
    alertmanager) run_alertmanager ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
echo
echo "| target | conns | alerts/req | alerts | req/s | alerts/s | p50 ms | p99 ms | max ms | non-2xx | socket errors |"
echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
awk '{
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", v["target"], v["label"],
    v["alerts_per_request"], v["dedup"] == "true" ? "repeated" : "new", v["req_per_s"], v["alerts_per_s"],
    v["p50_ms"], v["p99_ms"], v["max_ms"], v["non2xx"], v["socket_errors"]
}' "$RESULTS"
if [[ -f $OUT/intake.txt ]]; then
  echo
  cat "$OUT/intake.txt"
fi
echo
echo "raw wrk output, logs and metrics: $OUT"
