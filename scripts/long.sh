#!/usr/bin/env bash
# The long checks, too slow for CI (which runs their short forms: the fuzz
# seed corpora in go test, a 5-second soak, the scale benchmark at 10
# documents):
#
#   1. every fuzzer for FUZZ_TIME (default 5m) each; finds land in the
#      package's testdata/fuzz/ and must be fixed and kept
#   2. the soak test for SOAK_SECONDS (default 60)
#   3. the scale benchmarks at 10, 100, 1,000 and 10,000 documents: in
#      process (scripts/scale.sh) and as a served index folder
#      (scripts/scale-serve.sh)
#
#   scripts/long.sh            all three, about an hour on 2 cores
#   scripts/long.sh fuzz       one part: fuzz, soak or scale
set -euo pipefail
cd "$(dirname "$0")/.."
part=${1:-all}
fuzztime=${FUZZ_TIME:-5m}

if [ "$part" = all ] || [ "$part" = fuzz ]; then
  # package and fuzzer, one per line
  grep -rl --include='*_test.go' '^func Fuzz' . | while read -r file; do
    pkg=$(dirname "$file")
    grep -o '^func Fuzz[A-Za-z]*' "$file" | sed 's/^func //' | while read -r fz; do
      echo "== $pkg $fz for $fuzztime"
      go test "$pkg" -run XXX -fuzz "^$fz\$" -fuzztime "$fuzztime"
    done
  done
fi
if [ "$part" = all ] || [ "$part" = soak ]; then
  SOAK_SECONDS=${SOAK_SECONDS:-60} scripts/soak.sh
fi
if [ "$part" = all ] || [ "$part" = scale ]; then
  BUDGETQA_SCALE_10K=1 scripts/scale.sh
  scripts/scale-serve.sh 10 100 1000 10000
fi
