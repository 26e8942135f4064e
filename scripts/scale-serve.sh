#!/usr/bin/env bash
# How budgetqa serve scales with the number of documents, as an operator
# sees it. For each corpus size it writes a synthetic corpus (gen-corpus),
# builds its index folder (budgetqa index) and reports:
#
#   index build s      budgetqa index, parse and index, from nothing
#   index MiB          the index folder on disk (text, parsed forms, Bleve)
#   start to ready s   budgetqa serve --index DIR, from exec to /readyz 200
#   RSS MiB            the server's resident memory when ready, and after
#                      the throughput runs
#   ask / healthz      requests/s of /v1/ask (questions about the corpus's
#                      departments, varied) and of /healthz, wrk at 64
#                      connections, same server, same run
#
#   scripts/scale-serve.sh [N...]     (default: 10 100 1000)
#   SECS=10 scripts/scale-serve.sh 10 100 1000 10000
#   WORK=DIR scripts/scale-serve.sh 10000   (reuse DIR's index folders from
#                                            an earlier run; build time "–")
#
# 10,000 documents take about 20 minutes and several GiB of disk. Needs wrk
# and jq. Everything is built and kept in a temporary folder named at the
# end (delete it when done).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SECS:-10}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
for tool in wrk jq curl; do
  command -v "$tool" >/dev/null || { echo "scale-serve: $tool not found (apt-get install $tool)" >&2; exit 2; }
done

work=${WORK:-$(mktemp -d)}
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi' EXIT
go build -o "$work/budgetqa" ./cmd/budgetqa
addr=127.0.0.1:18181
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
now() { date +%s.%N; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version)" >&2
rows=()
for n in "${sizes[@]}"; do
  echo "== N=$n" >&2
  if [ -n "${WORK:-}" ] && [ -f "$work/index-$n/MANIFEST.json" ]; then
    build=–
  else
    "$work/budgetqa" gen-corpus --n "$n" --out "$work/corpus-$n" >&2
    t0=$(now)
    "$work/budgetqa" index --corpus "$work/corpus-$n" --out "$work/index-$n" >&2
    build=$(printf %.1f "$(echo "$(now) - $t0" | bc)")
  fi
  size=$(du -sm "$work/index-$n" | cut -f1)

  t0=$(now)
  BUDGETQA_LOG_LEVEL=warn "$work/budgetqa" serve --index "$work/index-$n" --addr "$addr" --rate 0 >"$work/serve-$n.log" 2>&1 &
  pid=$!
  until curl -fsS "http://$addr/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve-$n.log" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(echo "$(now) - $t0" | bc)
  rss_ready=$(rss "$pid")

  # Questions about the corpus's own departments and years, in rotation.
  curl -fsS "http://$addr/v1/documents" | jq -r '.documents[] | "\(.department)\t\(.year)"' | sort -u | sed -n 1,500p >"$work/depts.tsv"
  awk -F'\t' '{
    d = $1; y = $2
    printf "{\"question\":\"%s%s年三公经费多少\"}\n", d, y
    printf "{\"question\":\"%s行政运行预算是多少\"}\n", d
    printf "{\"question\":\"%s%s年项目支出占总支出的比例\"}\n", d, y
    printf "{\"question\":\"%s机关运行经费比上年增加多少\"}\n", d
    printf "{\"question\":\"%s哪个项目预算最多\"}\n", d
  }' "$work/depts.tsv" >"$work/bodies.txt"
  cat >"$work/ask.lua" <<LUA
local bodies = {}
for line in io.lines("$work/bodies.txt") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/v1/ask", nil, bodies[i])
end
LUA
  health=$(wrk -t2 -c64 -d"${secs}s" "http://$addr/healthz" | awk '/Requests\/sec/ {print $2}')
  ask=$(wrk -t2 -c64 -d"${secs}s" -s "$work/ask.lua" "http://$addr" | tee "$work/ask-$n.txt" | awk '/Requests\/sec/ {print $2}')
  if grep -q "Non-2xx" "$work/ask-$n.txt"; then
    echo "scale-serve: /v1/ask answered non-2xx at N=$n:" >&2
    cat "$work/ask-$n.txt" >&2
  fi
  rss_after=$(rss "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  ratio=$(echo "scale=0; 100 * $ask / $health" | bc)
  rows+=("| $n | $build | $size | $(printf %.2f "$ready") | $rss_ready | $rss_after | $(printf %.0f "$ask") | $(printf %.0f "$health") | $ratio% |")
done

echo
echo "| N | index build s | index MiB | start to ready s | RSS ready MiB | RSS after load MiB | /v1/ask req/s | /healthz req/s | ask/healthz |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "work folder (corpora, index folders, logs): $work"
