#!/usr/bin/env bash
# How budgetqa scales with the number of documents: runs the bench package's
# BenchmarkScale once per corpus size (10, 100, 1000 synthetic documents;
# 10,000 too with BUDGETQA_SCALE_10K=1, which takes about 5 minutes and
# 6 GiB) and prints a table.
#
#   scripts/scale.sh [go test flags...]
#   BUDGETQA_SCALE_10K=1 scripts/scale.sh -cpuprofile cpu.out -memprofile mem.out
#
# Extra arguments go to go test (profiles, -bench 'Scale/N=100$' for one
# size); BUDGETQA_SCALE_HEAPPROFILE=FILE writes the heap profile of the
# built engine (-memprofile is written when the corpus is gone). The raw
# benchmark output, with question latency per kind of question, is kept in
# scale.out in a temporary folder named at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)/scale.out
go test ./bench -run XXX -bench . -benchtime 1x -timeout 60m "$@" | tee "$out" >&2

awk '
/^BenchmarkScale\/N=/ {
	n = $1; sub(/^BenchmarkScale\/N=/, "", n); sub(/-[0-9]+$/, "", n)
	delete m
	for (i = 3; i < NF; i += 2) m[$(i+1)] = $i
	rows[++count] = sprintf("| %s | %.1f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |",
		n, m["parse-ms/doc"], m["build-s"], m["docs-MiB"], m["heap-MiB"],
		m["p50-us"], m["p99-us"], m["allocs/q"],
		("index-s" in m) ? sprintf("%.1f", m["index-s"]) : "–",
		("index-MiB" in m) ? sprintf("%.0f", m["index-MiB"]) : "–")
}
END {
	if (count == 0) { print "scale: no BenchmarkScale results" > "/dev/stderr"; exit 1 }
	print ""
	print "| N | parse ms/doc | engine build s | docs MiB | heap MiB | question p50 µs | question p99 µs | allocs/question | index build s | index MiB |"
	print "|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= count; i++) print rows[i]
}' "$out"
echo
echo "raw output: $out"
