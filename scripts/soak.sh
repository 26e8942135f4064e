#!/usr/bin/env bash
# Soak test of the HTTP API on loopback: builds budgetqa and cmd/soak,
# starts budgetqa serve on a free port over the bundled documents with no
# rate limit, waits for /readyz, then for SOAK_SECONDS (default 60) posts
# the evaluation questions to /v1/ask at SOAK_CONCURRENCY (default 64)
# requests in flight. It fails if any response is not a well-formed 200
# answer to its question, or if the server's RSS at the end is more than
# 20% over its RSS after the first 10 s (a third of the run when shorter).
#
#   scripts/soak.sh [QUESTIONS.jsonl ...]   (default ../shared/eval/questions-*.jsonl)
#   SOAK_SECONDS=5 scripts/soak.sh          (the short run for CI)
#   SOAK_OUT=/tmp/soak.txt scripts/soak.sh  (also write the report there)
#
# Needs only Go. The server's log is printed when the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SOAK_SECONDS:-60}
conc=${SOAK_CONCURRENCY:-64}
out=${SOAK_OUT:-}
if [ $# -gt 0 ]; then
  questions=("$@")
else
  questions=(../shared/eval/questions-*.jsonl)
fi
for q in "${questions[@]}"; do
  [ -f "$q" ] || { echo "soak: no question file $q" >&2; exit 2; }
done

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/budgetqa" ./cmd/budgetqa
go build -o "$work/soak" ./cmd/soak

addr=127.0.0.1:$("$work/soak" -free-port)
BUDGETQA_LOG_LEVEL=warn "$work/budgetqa" serve --addr "$addr" --rate 0 >"$work/serve.log" 2>&1 &
pid=$!

status=0
"$work/soak" -url "http://$addr" -pid "$pid" -duration "${secs}s" -concurrency "$conc" \
  "${questions[@]}" >"$work/report.txt" || status=$?
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version)"
  cat "$work/report.txt"
} | if [ -n "$out" ]; then tee "$out"; else cat; fi
if ! kill -0 "$pid" 2>/dev/null; then
  echo "soak: the server exited during the run" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "== server log (last 50 lines)" >&2
  tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
