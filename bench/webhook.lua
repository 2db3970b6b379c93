-- wrk script for bench/ingest.sh: posts alerts to runbookd's webhook or to Alertmanager's
-- alert API. Configured through the environment (wrk passes no script arguments to setup):
--
--   BENCH_TARGET  runbookd (POST /webhook/alertmanager, v4 notification)
--                 alertmanager (POST /api/v2/alerts, JSON array of postable alerts)
--   BENCH_ALERTS  alerts per request (1, 20, ...)
--   BENCH_DEDUP   1: every request carries the same alerts (the dedup path);
--                 0: every alert of every request is new (distinct fingerprint and startsAt
--                    for runbookd, a distinct label set for Alertmanager)
--   BENCH_TOKEN   runbookd's webhook token
--   BENCH_LABEL   free text printed with the result line
--   BENCH_RUN     a number unique to this wrk run (0..65535), part of every fingerprint, so
--                 that later runs against the same daemon do not repeat earlier alerts
--
-- done() prints one "RESULT key=value ..." line that ingest.sh turns into the table.

local target = os.getenv("BENCH_TARGET") or "runbookd"
local per_request = tonumber(os.getenv("BENCH_ALERTS") or "1")
local dedup = (os.getenv("BENCH_DEDUP") or "0") == "1"
local token = os.getenv("BENCH_TOKEN") or ""
local label = os.getenv("BENCH_LABEL") or ""
local run = tonumber(os.getenv("BENCH_RUN") or tostring(os.time() % 65536)) % 65536

-- every thread gets its own id so that fingerprints never collide across threads
local next_id = 1
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

-- startsAt goes back one second per alert from a minute ago: always in the past, as
-- Alertmanager requires (it rejects an alert that starts after it ends)
local T0 = os.time() - 60
local counter = 0
local fixed_body = nil

local function iso(seconds, millis)
  return os.date("!%Y-%m-%dT%H:%M:%S", seconds) .. string.format(".%03dZ", millis)
end

-- A unique 16-hex-digit fingerprint for alert n of this thread and run. Alertmanager's
-- fingerprints are hashes of the label set, so they arrive in random order: the first half is
-- a bijective 32-bit mix of n (random order, never repeated), the second half names the run
-- and the thread.
local bit = require("bit")
local function mix(x)
  x = bit.bxor(x, bit.lshift(x, 13))
  x = bit.bxor(x, bit.rshift(x, 17))
  return bit.bxor(x, bit.lshift(x, 5))
end
local function unique(n)
  return bit.tohex(mix(bit.bxor(bit.tobit(n), 0x5bd1e995)), 8)
    .. string.format("%04x%04x", run, tid % 65536)
end

-- one alert of a runbookd notification; n makes fingerprint and startsAt unique

local function runbookd_alert(n)
  local fp = unique(n)
  return '{"status":"firing","labels":{"alertname":"HighErrorRate","namespace":"nba-mcp",'
    .. '"service":"nba-mcp","severity":"critical","pod":"nba-mcp-' .. fp .. '"},'
    .. '"annotations":{"summary":"5xx error rate above 5% on nba-mcp",'
    .. '"description":"12% of requests to nba-mcp failed with a 5xx status over the last 5 minutes.",'
    .. '"runbook_url":"https://runbooks.nba-mcp.com/RB-101","value":"0.12"},'
    .. '"startsAt":"' .. iso(T0 - n, tid % 1000) .. '","endsAt":"0001-01-01T00:00:00Z",'
    .. '"generatorURL":"http://prometheus.monitoring.svc:9090/graph?g0.expr=job%3Anba_mcp_5xx_ratio%3Arate5m+%3E+0.05",'
    .. '"fingerprint":"' .. fp .. '"}'
end

local function runbookd_body(first)
  local alerts = {}
  for i = 0, per_request - 1 do
    alerts[#alerts + 1] = runbookd_alert(first + i)
  end
  return '{"version":"4","groupKey":"{}/{namespace=\\"nba-mcp\\"}:{alertname=\\"HighErrorRate\\"}",'
    .. '"truncatedAlerts":0,"status":"firing","receiver":"runbookd",'
    .. '"groupLabels":{"alertname":"HighErrorRate"},'
    .. '"commonLabels":{"alertname":"HighErrorRate","namespace":"nba-mcp","service":"nba-mcp","severity":"critical"},'
    .. '"commonAnnotations":{"summary":"5xx error rate above 5% on nba-mcp","runbook_url":"https://runbooks.nba-mcp.com/RB-101","value":"0.12"},'
    .. '"externalURL":"http://alertmanager.monitoring.svc:9093","alerts":[' .. table.concat(alerts, ",") .. ']}'
end

-- one postable alert for Alertmanager; n makes the label set (hence the fingerprint) unique
local function am_alert(n)
  return '{"labels":{"alertname":"HighErrorRate","namespace":"nba-mcp","service":"nba-mcp",'
    .. '"severity":"critical","pod":"nba-mcp-' .. unique(n) .. '"},'
    .. '"annotations":{"summary":"5xx error rate above 5% on nba-mcp",'
    .. '"description":"12% of requests to nba-mcp failed with a 5xx status over the last 5 minutes.",'
    .. '"runbook_url":"https://runbooks.nba-mcp.com/RB-101","value":"0.12"},'
    .. '"startsAt":"' .. iso(T0 - n, tid % 1000) .. '",'
    .. '"generatorURL":"http://prometheus.monitoring.svc:9090/graph?g0.expr=job%3Anba_mcp_5xx_ratio%3Arate5m+%3E+0.05"}'
end

local function am_body(first)
  local alerts = {}
  for i = 0, per_request - 1 do
    alerts[#alerts + 1] = am_alert(first + i)
  end
  return "[" .. table.concat(alerts, ",") .. "]"
end

local path, headers
function init(args)
  headers = { ["Content-Type"] = "application/json" }
  if target == "alertmanager" then
    path = "/api/v2/alerts"
  else
    path = "/webhook/alertmanager"
    headers["Authorization"] = "Bearer " .. token
  end
  if dedup then
    fixed_body = (target == "alertmanager") and am_body(0) or runbookd_body(0)
  end
end

function request()
  local body = fixed_body
  if body == nil then
    local first = counter * per_request
    counter = counter + 1
    body = (target == "alertmanager") and am_body(first) or runbookd_body(first)
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - summary.errors.status
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT label=%s target=%s alerts_per_request=%d dedup=%s requests=%d non2xx=%d socket_errors=%d"
      .. " seconds=%.2f req_per_s=%.0f alerts_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    label, target, per_request, tostring(dedup), summary.requests, summary.errors.status,
    failed - summary.errors.status, seconds, ok / seconds, ok * per_request / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
