#!/usr/bin/env bash
# Crash-safety soak: the kill-and-restart test of test/crash/crash-safety.test.ts with many kills.
# Each cycle SIGKILLs the service (SQLite) while 20 writes are in flight, restarts it on the same
# file and checks that every acknowledged write survived, whole and audited, that the file passes
# PRAGMA integrity_check and that the audit chain verifies.
#
#   npm run crash:soak                  # 200 kills
#   npm run crash:soak -- 50            # 50 kills
#   CRASH_SEED=1234 npm run crash:soak  # the kill moments of an earlier run (its seed is printed)
#   CRASH_KEEP_DATA=1 …                 # keep the temporary DATA_DIR for a look afterwards
set -euo pipefail
cd "$(dirname "$0")/.."

cycles="${1:-200}"
case "$cycles" in
  '' | *[!0-9]* | 0) echo "usage: $0 [kill cycles, default 200]" >&2; exit 2 ;;
esac

totals="$(mktemp)"
trap 'rm -f "$totals"' EXIT

status=0
CRASH_CYCLES="$cycles" CRASH_TOTALS_FILE="$totals" npx jest test/crash --selectProjects crash || status=$?

if [ ! -s "$totals" ]; then
  echo "crash soak: no totals were written (the test did not get to the end); exit status $status" >&2
  exit "$status"
fi

node -e '
const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const acked = t.acknowledged.resources + t.acknowledged.projects;
const lines = [
  ["seed (CRASH_SEED)", t.seed],
  ["kills (SIGKILL, then restart)", `${t.kills} of ${t.cyclesPlanned} planned; ${t.killedBySigkill} ended by SIGKILL`],
  ["acknowledged writes (201)", `${acked} (${t.acknowledged.resources} catalog drafts, ${t.acknowledged.projects} projects)`],
  ["  checked through the API after their restart", t.acknowledgedCheckedViaApi],
  ["  checked in the file (all so far, every cycle)", t.acknowledgedCheckedInFile],
  ["committed but never acknowledged", t.committedButUnacknowledged],
  ["requests failed after the kill", `${t.failedAfterKill.reset + t.failedAfterKill.refused + t.failedAfterKill.other} (${t.failedAfterKill.reset} reset in flight, ${t.failedAfterKill.refused} refused, ${t.failedAfterKill.other} other); cycles with an in-flight failure: ${t.cyclesWithInFlightFailure}`],
  ["integrity checks passed", t.integrityChecksPassed],
  ["audit chain verifications passed", `${t.chainVerificationsPassed} (+${t.apiChainVerificationsPassed} through GET /api/v1/audit-events/verification); ${t.auditEventsAtEnd} events at the end`],
  ["kill delays", `${t.killDelayMs.min}–${t.killDelayMs.max} ms after the writes started`],
  ["server starts", `${t.serverStartMs.count}, ${t.serverStartMs.avg} ms on average, ${t.serverStartMs.max} ms at most`],
  ["graceful shutdown (SIGTERM)", t.graceful ? `exit ${t.graceful.exitCode} after ${t.graceful.exitMs} ms, ${t.graceful.answeredAfterSigterm} requests answered after the signal` : "not reached"],
  ["duration", `${Math.round(t.durationMs / 1000)} s`],
  ["failure", t.failure ?? "none"],
];
console.log("\ncrash soak totals");
for (const [k, v] of lines) console.log(`  ${k.padEnd(48)} ${v}`);
' "$totals"

exit "$status"
