#!/usr/bin/env bash
# A longer fuzzing campaign than CI's: test/api/fuzz-*.test.ts with FUZZ_RUNS cases per operation
# (20000, or the first argument) and the seed FUZZ_SEED (a new one when unset, printed so a failure
# can be replayed), on SQLite, and on PostgreSQL too when PG_TEST_URL names a server.
#
#   npm run fuzz                         # 20000 cases per operation, a fresh seed
#   FUZZ_SEED=20260302 npm run fuzz 5000 # replay a seed with 5000 cases per operation
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20000}"
seed="${FUZZ_SEED:-$(( $(date +%s) % 2147483647 ))}"
case "$runs" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [cases-per-operation]" >&2; exit 2 ;; esac

projects=(sqlite)
if [ -n "${PG_TEST_URL:-}" ]; then projects+=(postgres); fi

status=0
for project in "${projects[@]}"; do
  echo "== fuzz on ${project}: ${runs} cases per operation, seed ${seed} (replay: FUZZ_SEED=${seed} npm run fuzz ${runs})"
  log="$(mktemp)"
  start=$(date +%s)
  FUZZ_PROGRESS=1 FUZZ_RUNS="$runs" FUZZ_SEED="$seed" npx jest test/api/fuzz- --selectProjects "$project" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  echo "== ${project}: $(grep -ao 'fuzz [a-z]* ([a-z]*, seed [0-9-]*, [0-9]* per operation): [0-9]* of [0-9]* operations, [0-9]* cases' "$log" | sed 's/ (.*): / /' | paste -sd ';' -) — run in $(( $(date +%s) - start )) s, jest exit ${code}"
  rm -f "$log"
  [ "$code" -eq 0 ] || status=$code
done
exit "$status"
