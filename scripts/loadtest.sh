#!/usr/bin/env bash
# Load test of the HTTP API on loopback: wrk drives /v1/ask with the
# development question sets and /healthz on the same server in the same
# run, at 64 connections, and prints requests/s and latency percentiles.
#
#   scripts/loadtest.sh [SECONDS]        (default 20 s per endpoint)
#
# Needs wrk (apt-get install wrk). Rate limiting is turned off for the run;
# the server is started from a fresh build and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=64
threads=2
addr=127.0.0.1:18080
command -v wrk >/dev/null || { echo "loadtest: wrk not found (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/budgetqa" ./cmd/budgetqa

# The questions, one JSON request body per line, for the Lua script.
questions=${QUESTIONS:-../shared/eval/questions-*.jsonl}
python3 - "$work/bodies.txt" $questions <<'PY'
import json, sys
out = open(sys.argv[1], "w")
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            q = json.loads(line)
            r = {"question": q["question"]}
            for k in ("department", "year"):
                if k in q:
                    r[k] = q[k]
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY

cat > "$work/ask.lua" <<LUA
local bodies = {}
for line in io.lines("$work/bodies.txt") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/v1/ask", nil, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d, errors: %d\n", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

BUDGETQA_RATE=0 BUDGETQA_LOG_LEVEL=error "$work/budgetqa" serve --addr "$addr" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$addr/readyz" >/dev/null || { cat "$work/serve.log"; exit 1; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version)"
echo "== /healthz, $conns connections, ${secs}s"
wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "http://$addr/healthz" | grep -E "Requests/sec|50%|99%|Latency|Non-2xx"
echo "== /v1/ask (POST, $(wc -l <"$work/bodies.txt") questions in rotation), $conns connections, ${secs}s"
wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s "$work/ask.lua" "http://$addr" | grep -E "Requests/sec|50%|99%|Latency|non-2xx"
echo "== server RSS: $(awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status)"
