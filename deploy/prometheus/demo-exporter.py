#!/usr/bin/env python3
"""Stand-in for the NBA MCP API's metrics, to try rules.yml and runbookd end to end.

Serves /metrics in the Prometheus text format with the series rules.yml reads:

  http_requests_total{namespace, service, status}    100 requests/s, 12% of them 503
  nba_mcp_db_query_duration_seconds (histogram)       every query takes 2.5 to 5 s
  nba_mcp_feature_drift_score{namespace, model, feature}  one feature above 0.1

So HighErrorRate, SlowDatabaseQueries and DataDriftDetected all fire. Send SIGUSR1 to toggle
"healthy" mode (no 5xx, fast queries, no drift), which makes the alerts resolve.

It listens on 127.0.0.1 only:  demo-exporter.py [--port 19100]
"""
import argparse
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NS = 'namespace="nba-mcp"'
LOCK = threading.Lock()
STATE = {"healthy": False, "last": time.monotonic(), "ok": 0.0, "err": 0.0,
         "q_fast": 0.0, "q_slow": 0.0, "q_sum": 0.0}
BUCKETS = ["0.1", "0.5", "1", "2.5", "5", "+Inf"]


def advance():
    """Accumulates the counters for the time since the last scrape (100 requests/s)."""
    now = time.monotonic()
    dt = now - STATE["last"]
    STATE["last"] = now
    rps = 100.0 * dt
    if STATE["healthy"]:
        STATE["ok"] += rps
        STATE["q_fast"] += 10.0 * dt
        STATE["q_sum"] += 10.0 * dt * 0.05
    else:
        STATE["ok"] += 0.88 * rps
        STATE["err"] += 0.12 * rps
        STATE["q_slow"] += 10.0 * dt
        STATE["q_sum"] += 10.0 * dt * 3.0


def render():
    with LOCK:
        advance()
        s = dict(STATE)
    out = [
        "# HELP http_requests_total Requests served, by status.",
        "# TYPE http_requests_total counter",
        f'http_requests_total{{{NS},service="nba-mcp",status="200"}} {s["ok"]:.0f}',
        f'http_requests_total{{{NS},service="nba-mcp",status="503"}} {s["err"]:.0f}',
        "# HELP nba_mcp_db_query_duration_seconds Time spent in database queries.",
        "# TYPE nba_mcp_db_query_duration_seconds histogram",
    ]
    for le in BUCKETS:
        # fast queries fall in le=0.1 and above; slow ones only in le=5 and +Inf
        count = s["q_fast"] + (s["q_slow"] if le in ("5", "+Inf") else 0.0)
        out.append(f'nba_mcp_db_query_duration_seconds_bucket{{{NS},datname="nba_stats",le="{le}"}} {count:.3f}')
    out.append(f'nba_mcp_db_query_duration_seconds_sum{{{NS},datname="nba_stats"}} {s["q_sum"]:.3f}')
    out.append(f'nba_mcp_db_query_duration_seconds_count{{{NS},datname="nba_stats"}} {s["q_fast"] + s["q_slow"]:.3f}')
    drift = 0.02 if s["healthy"] else 0.23
    out += [
        "# HELP nba_mcp_feature_drift_score Drift score per feature from the drift detector.",
        "# TYPE nba_mcp_feature_drift_score gauge",
        f'nba_mcp_feature_drift_score{{{NS},model="nba_win_predictor",feature="home_court_advantage"}} {drift}',
        f'nba_mcp_feature_drift_score{{{NS},model="nba_win_predictor",feature="rest_days"}} 0.04',
    ]
    return ("\n".join(out) + "\n").encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?", 1)[0] != "/metrics":
            self.send_error(404)
            return
        body = render()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def toggle(*_):
    with LOCK:
        advance()
        STATE["healthy"] = not STATE["healthy"]
    print("healthy" if STATE["healthy"] else "failing", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=19100)
    args = ap.parse_args()
    signal.signal(signal.SIGUSR1, toggle)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"demo exporter on http://127.0.0.1:{args.port}/metrics (failing)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
