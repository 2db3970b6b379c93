#!/usr/bin/env bash
# What a 200 means on the embedded store: runs runbookd under strace, posts alerts one request at
# a time, and checks in the trace that between reading each request and writing its 200 the
# daemon synced the database's WAL (fdatasync or fsync on runbookd.db-wal).
#
#   bench/fsync-check.sh            # 20 requests, needs strace
#
# Settings: JAR, BENCH_HOME, REQUESTS (20), RB_PORT (19395), OUT. Loopback only; bounded loops.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JAR=${JAR:-$REPO/target/runbookd.jar}
BENCH_HOME=${BENCH_HOME:-$REPO}
REQUESTS=${REQUESTS:-20}
RB_PORT=${RB_PORT:-19395}
OUT=${OUT:-$(mktemp -d /tmp/runbookd-fsync.XXXXXX)}
TOKEN=fsync-webhook-token-0123456789
[[ $REQUESTS =~ ^[0-9]{1,3}$ && $RB_PORT =~ ^[0-9]{2,5}$ ]] || { echo "numbers only" >&2; exit 2; }
command -v strace > /dev/null || { echo "strace is needed (apt-get install strace)" >&2; exit 2; }

PID=
stop() { [[ -n $PID ]] && { pkill -TERM -P "$PID" 2>/dev/null; kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; } || true; PID=; }
trap stop EXIT
if curl -fs "http://127.0.0.1:$RB_PORT/readyz" > /dev/null 2>&1; then
  echo "something already answers on 127.0.0.1:$RB_PORT; choose another RB_PORT" >&2; exit 2
fi
(cd "$BENCH_HOME" && RUNBOOKD_WEBHOOK_TOKEN=$TOKEN RUNBOOKD_SERVER_HOST=127.0.0.1 \
  RUNBOOKD_SERVER_PORT=$RB_PORT RUNBOOKD_STORE_URL="jdbc:sqlite:$OUT/runbookd.db" \
  RUNBOOKD_RULES_WATCH=false RUNBOOKD_PROMETHEUS_URL=http://127.0.0.1:1 \
  RUNBOOKD_DATASOURCES_NBA_STATS_URL=jdbc:postgresql://127.0.0.1:1/x \
  exec strace -f -tt -s 200 -e trace=openat,fdatasync,fsync,write,writev,sendto,sendmsg,read,recvfrom -e signal=none \
  -o "$OUT/trace.txt" java -jar "$JAR" serve > "$OUT/daemon.log" 2>&1) &
PID=$!
ready=0
for _ in $(seq 1 900); do   # strace slows the JVM's start a lot: up to 3 minutes
  curl -fs "http://127.0.0.1:$RB_PORT/readyz" > /dev/null 2>&1 && { ready=1; break; }
  sleep 0.2
done
(( ready )) || { echo "runbookd did not become ready under strace; see $OUT/daemon.log" >&2; exit 1; }
for i in $(seq 1 "$REQUESTS"); do
  body=$(printf '{"version":"4","groupKey":"{}:{alertname=\\"FsyncCheck\\"}","status":"firing","receiver":"r","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","alerts":[{"status":"firing","labels":{"alertname":"FsyncCheck","n":"%d"},"annotations":{},"startsAt":"2026-11-30T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"%016x"}]}' "$i" "$i")
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$RB_PORT/webhook/alertmanager" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data "$body")
  [[ $code == 200 ]] || { echo "request $i answered $code" >&2; exit 1; }
done
stop
python3 - "$OUT/trace.txt" "$REQUESTS" <<'PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
wal_fds = set()
for l in lines:
    m = re.search(r'openat\(.*runbookd\.db-wal.* = (\d+)$', l)
    if m:
        wal_fds.add(m.group(1))
ok = synced = found = 0
pending = False
for l in lines:
    if "POST /webhook/alertmanager" in l and re.search(r'\b(read|recvfrom)\(', l):
        pending, synced = True, False
    elif pending and re.search(r'\b(fdatasync|fsync)\((\d+)', l):
        fd = re.search(r'\b(?:fdatasync|fsync)\((\d+)', l).group(1)
        synced = synced or fd in wal_fds
    elif pending and "HTTP/1.1 200" in l and "accepted" in l:
        ok += synced
        found += 1
        pending = False
print("WAL file descriptors: %s" % sorted(wal_fds))
print("%d requests sent; %d request/answer pairs found in the trace (strace may split a read);"
      " %d of them answered 200 after a sync of the WAL" % (int(sys.argv[2]), found, ok))
sys.exit(0 if found > 0 and ok == found else 1)
PY
