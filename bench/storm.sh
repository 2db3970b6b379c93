#!/usr/bin/env bash
# Storm benchmark: an alert storm about one Deployment must be one incident, one diagnosis and
# one page, and the daemon must stay small while it lasts.
#
#   bench/storm.sh                 # 10,000 alerts of one group, then 10,000 over 100 groups
#   GROUPS_LIST="1" ALERTS=2000 bench/storm.sh
#
# For each entry of GROUPS_LIST it starts runbookd from JAR on a fresh embedded store (the
# shipped config and rules; every external target points at a closed port on 127.0.0.1, so the
# probes fail fast and nothing leaves the machine) and posts ALERTS distinct HighErrorRate
# alerts, PER_REQUEST per webhook request, spread evenly over SPREAD seconds, spread over that
# many Deployments (group_by of RB-101 is alertname, namespace, service: one group per service
# label). It then waits for the engine to settle and reports: requests not answered 200,
# incidents opened, probe calls, pages sent, heap in use (jcmd GC.heap_info) and the log's
# blocked-thread warnings.
#
# Settings (environment): JAR, BENCH_HOME (config/ and rules/), ALERTS (10000), PER_REQUEST (100),
# SPREAD (60, seconds), GROUPS_LIST ("1 100"), RB_PORT (19295), DEAD_PORT (19296), OUT.
# Everything listens on and is sent to 127.0.0.1 only; every loop is bounded.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JAR=${JAR:-$REPO/target/runbookd.jar}
BENCH_HOME=${BENCH_HOME:-$REPO}
ALERTS=${ALERTS:-10000}
PER_REQUEST=${PER_REQUEST:-100}
SPREAD=${SPREAD:-60}
GROUPS_LIST=${GROUPS_LIST:-1 100}
RB_PORT=${RB_PORT:-19295}
DEAD_PORT=${DEAD_PORT:-19296}
OUT=${OUT:-$(mktemp -d /tmp/runbookd-storm.XXXXXX)}
TOKEN=storm-webhook-token-0123456789
for n in "$ALERTS" "$PER_REQUEST" "$SPREAD" "$RB_PORT" "$DEAD_PORT"; do
  [[ $n =~ ^[0-9]{1,6}$ ]] || { echo "numbers only: $n" >&2; exit 2; }
done
(( ALERTS <= 200000 && PER_REQUEST >= 1 && PER_REQUEST <= 1000 && SPREAD <= 3600 )) \
  || { echo "ALERTS <= 200000, 1 <= PER_REQUEST <= 1000, SPREAD <= 3600" >&2; exit 2; }

PID=
stop() { [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=; }
trap stop EXIT

start() {
  local dir=$1
  mkdir -p "$dir"
  cat > "$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: dead, cluster: {server: "https://127.0.0.1:$DEAD_PORT"}}]
contexts: [{name: dead, context: {cluster: dead, user: nobody}}]
current-context: dead
users: [{name: nobody, user: {token: none}}]
EOF
  (cd "$BENCH_HOME" && KUBECONFIG="$dir/kubeconfig" AWS_EC2_METADATA_DISABLED=true \
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
    RUNBOOKD_WEBHOOK_TOKEN=$TOKEN RUNBOOKD_SERVER_HOST=127.0.0.1 RUNBOOKD_SERVER_PORT=$RB_PORT \
    RUNBOOKD_STORE_URL="jdbc:sqlite:$dir/runbookd.db" RUNBOOKD_RULES_WATCH=false \
    RUNBOOKD_PROMETHEUS_URL="http://127.0.0.1:$DEAD_PORT" \
    RUNBOOKD_DATASOURCES_NBA_STATS_URL="jdbc:postgresql://127.0.0.1:$DEAD_PORT/nba_stats" \
    RUNBOOKD_AWS_ENDPOINT="http://127.0.0.1:$DEAD_PORT" RUNBOOKD_HTTP_ALLOWEDHOSTS=127.0.0.1 \
    RUNBOOKD_VARS_HEALTH_URL="http://127.0.0.1:$DEAD_PORT/health" \
    RUNBOOKD_VARS_DRIFT_URL="http://127.0.0.1:$DEAD_PORT/drift" \
    RUNBOOKD_VARS_RETRAIN_URL="http://127.0.0.1:$DEAD_PORT/retrain" \
    exec java -jar "$JAR" serve > "$dir/daemon.log" 2>&1) &
  PID=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$RB_PORT/readyz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "runbookd did not become ready; see $dir/daemon.log" >&2
  exit 1
}

post_storm() {
  local groups=$1 dir=$2
  python3 - "$RB_PORT" "$TOKEN" "$ALERTS" "$PER_REQUEST" "$SPREAD" "$groups" > "$dir/post.txt" <<'PY'
import json, sys, time, urllib.request
port, token, alerts, per, spread, groups = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
requests = (alerts + per - 1) // per
codes, started = {}, time.time()
for r in range(requests):
    batch = []
    for i in range(r * per, min(alerts, (r + 1) * per)):
        service = "nba-mcp" if groups == 1 else "svc-%03d" % (i % groups)
        batch.append({"status": "firing", "startsAt": "2026-11-30T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                      "fingerprint": "%016x" % (0x5000000 + i), "generatorURL": "",
                      "labels": {"alertname": "HighErrorRate", "namespace": "nba-mcp", "service": service,
                                 "pod": "pod-%05d" % i, "severity": "critical"},
                      "annotations": {"value": "0.12"}})
    body = json.dumps({"version": "4", "groupKey": "{}:{alertname=\"HighErrorRate\"}", "status": "firing",
                       "receiver": "runbookd", "groupLabels": {"alertname": "HighErrorRate"}, "commonLabels": {},
                       "commonAnnotations": {}, "externalURL": "http://am", "truncatedAlerts": 0,
                       "alerts": batch}).encode()
    req = urllib.request.Request("http://127.0.0.1:%s/webhook/alertmanager" % port, data=body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            codes[resp.status] = codes.get(resp.status, 0) + 1
    except urllib.error.HTTPError as e:
        codes[e.code] = codes.get(e.code, 0) + 1
    wait = started + spread * (r + 1) / requests - time.time()
    if wait > 0:
        time.sleep(wait)
print("requests %d answers %s in %.1f s" % (requests, codes, time.time() - started))
PY
}

metric() {
  (curl -fs "http://127.0.0.1:$RB_PORT/metrics" || true) \
    | awk -v m="$1" 'index($0, m) == 1 { s += $NF } END { print s + 0 }'
}

for groups in $GROUPS_LIST; do
  [[ $groups =~ ^[0-9]{1,4}$ ]] || { echo "GROUPS_LIST: numbers: $groups" >&2; exit 2; }
  dir="$OUT/groups-$groups"
  start "$dir"
  post_storm "$groups" "$dir"
  for _ in $(seq 1 120); do   # at most 60 s for the engine to settle
    [[ $(metric runbookd_engine_backlog) == 0 ]] && break
    sleep 0.5
  done
  sleep 2
  heap=$( (jcmd "$PID" GC.heap_info 2>/dev/null || true) \
    | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }')
  echo "== $groups group(s): $(cat "$dir/post.txt")"
  echo "   incidents opened $(metric runbookd_incidents_opened_total), alerts joined $(metric runbookd_alerts_joined_total)"
  echo "   probe calls $(metric 'runbookd_probe_seconds_count'), pages $(metric 'runbookd_pages_total{pager="log",priority="P1",result="delivered"}')"
  echo "   heap in use ${heap:-?}, blocked-thread warnings $(grep -c 'has been blocked' "$dir/daemon.log" || true)"
  echo "   store $(du -sh "$dir" | cut -f1) (data directory)"
  stop
done
echo "raw output in $OUT"
