#!/usr/bin/env bash
# Runs the whole chain on loopback: demo-exporter.py -> Prometheus (rules.yml, shortened) ->
# Alertmanager -> runbookd, waits until HighErrorRate is an RB-101 incident in runbookd, then
# makes the exporter healthy and waits until the incident is resolved. Everything listens on
# 127.0.0.1 only, every wait is bounded, and every process started here is stopped on exit.
#
#   deploy/prometheus/demo/run-chain.sh [path/to/runbookd.jar]
#
# Needs java 17, python3, prometheus and alertmanager (Debian: prometheus,
# prometheus-alertmanager), curl. Ports: runbookd 19095, Prometheus 19090, Alertmanager 19093,
# exporter 19100 (the demo configs name them).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
JAR=${1:-$REPO/target/runbookd.jar}
TOKEN=local-demo-token-0123456789
WORK=$(mktemp -d /tmp/runbookd-chain.XXXXXX)
PROMETHEUS=$(command -v prometheus)
ALERTMANAGER=$(command -v alertmanager || command -v prometheus-alertmanager)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "logs and data kept in $WORK"
}
trap cleanup EXIT

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second until it succeeds
wait_for() {
  local limit=$1 what=$2; shift 2
  for ((i = 0; i < limit; i++)); do
    if "$@" >/dev/null 2>&1; then echo "ok after ${i}s: $what"; return 0; fi
    sleep 1
  done
  echo "timed out after ${limit}s: $what" >&2
  return 1
}

[[ -f $JAR ]] || { echo "no runbookd jar at $JAR (mvn -B -q package -DskipTests)" >&2; exit 2; }
cp -r "$REPO/config" "$REPO/rules" "$WORK/"
cp "$HERE/prometheus.yml" "$HERE/alertmanager.yml" "$WORK/"
printf '%s' "$TOKEN" > "$WORK/runbookd-webhook-token"
# rules.yml with `for:` 10s and 30s rate windows, so that alerts fire within a minute
sed -e 's/^\(\s*\)for: .*/\1for: 10s/' -e 's/\[5m\]/[30s]/g' "$HERE/../rules.yml" > "$WORK/rules.demo.yml"
promtool check config "$WORK/prometheus.yml"
amtool check-config "$WORK/alertmanager.yml"

cd "$WORK"
RUNBOOKD_WEBHOOK_TOKEN=$TOKEN RUNBOOKD_SERVER_HOST=127.0.0.1 RUNBOOKD_SERVER_PORT=19095 \
  timeout 600 java -jar "$JAR" serve > runbookd.log 2>&1 &
PIDS+=($!)
# not under timeout(1): the exporter itself must receive the SIGUSR1 sent below
python3 "$HERE/../demo-exporter.py" --port 19100 > exporter.log 2>&1 &
EXPORTER=$!
PIDS+=($EXPORTER)
timeout 600 "$PROMETHEUS" --config.file=prometheus.yml --storage.tsdb.path=prometheus-data \
  --web.listen-address=127.0.0.1:19090 > prometheus.log 2>&1 &
PIDS+=($!)
timeout 600 "$ALERTMANAGER" --config.file=alertmanager.yml --storage.path=alertmanager-data \
  --web.listen-address=127.0.0.1:19093 --cluster.listen-address= > alertmanager.log 2>&1 &
PIDS+=($!)

wait_for 60 "runbookd ready" curl -fsS http://127.0.0.1:19095/readyz
wait_for 30 "Prometheus ready" curl -fsS http://127.0.0.1:19090/-/ready
wait_for 30 "Alertmanager ready" curl -fsS http://127.0.0.1:19093/-/ready

incident() { curl -fsS "http://127.0.0.1:19095/api/v1/incidents?rule=RB-101&status=$1" | grep -q '"alertname":"HighErrorRate"'; }
wait_for 120 "HighErrorRate is an RB-101 incident in runbookd" incident matched
curl -fsS "http://127.0.0.1:19095/api/v1/incidents"; echo

kill -USR1 "$EXPORTER"   # the service recovers: no more 5xx
wait_for 180 "the RB-101 incident is resolved" incident resolved
curl -fsS "http://127.0.0.1:19095/api/v1/incidents?rule=RB-101"; echo
grep -E 'webhook|rejected|WARN|ERROR' runbookd.log || true
