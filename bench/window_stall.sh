#!/usr/bin/env bash
# How long the window's event loop stalls while a lab runs flat out in live time: the window
# runs on a virtual X display (Xvfb), with the queueing lab at 10x its capacity (20,000 req/s
# against 4 workers x 2 ms = 2,000/s), charts and topology drawing as a person would see them.
# A 10 ms timer on the GUI thread notes the gaps between its ticks (the hidden --stall-report
# option); the goal is a longest gap under 100 ms. A benchmark, not a test: figures depend on
# the machine and what else it runs. Prints one line per case.
#   bench/window_stall.sh [SECONDS]      (default 60; 10, 30, 60, 120 or 300)
set -euo pipefail
cd "$(dirname "$0")/.."
LENGTH=${1:-60}
APP=build/release/bin/archlab
[ -x "$APP" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target archlab; }
command -v Xvfb >/dev/null || { echo "window_stall: needs Xvfb (scripts/bootstrap installs it)" >&2; exit 2; }
OUT=$(mktemp -d)
DISPLAY_NUM=:97
Xvfb "$DISPLAY_NUM" -screen 0 1366x768x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null; rm -rf "$OUT"' EXIT
sleep 1

# label|hidden options of the window
CASES=(
  "idle window (no run)|"
  "queueing 10x capacity, live|--lab queueing --set arrival_rps=20000 --time live --start"
  "queueing 10x, queue_limit 100|--lab queueing --set arrival_rps=20000 --set queue_limit=100 --time live --start"
  "replication defaults, live|--lab replication --time live --start"
  "caching virtual, max speed|--lab caching --time virtual --speed max --start"
)

printf '%-34s %8s %10s %10s %10s %8s\n' case ticks median_ms p99_ms max_ms "> 100ms"
for c in "${CASES[@]}"; do
  label=${c%%|*}; opts=${c#*|}
  report="$OUT/stall.json"
  rm -f "$report"
  # shellcheck disable=SC2086
  DISPLAY=$DISPLAY_NUM ARCHLAB_STORE="$OUT/store.sqlite3" "$APP" $opts --length "$LENGTH" \
    --stall-report "$report" --screenshot "$OUT/shot.png" --after $((LENGTH + 2)) >"$OUT/log" 2>&1 || true
  if [ ! -s "$report" ]; then
    printf '%-34s %s\n' "$label" "FAILED: $(tail -1 "$OUT/log")"; continue
  fi
  jq -r --arg l "$label" '[$l, .ticks, .median_gap_ms, .p99_gap_ms, .max_gap_ms, .gaps_over_100ms] |
      "\(.[0] | .[0:34] | . + " " * (34 - length)) \(.[1] | tostring | " " * (8 - length) + .) \(.[2] | tostring | " " * (10 - length) + .) \(.[3] | tostring | " " * (10 - length) + .) \(.[4] | tostring | " " * (10 - length) + .) \(.[5] | tostring | " " * (8 - length) + .)"' "$report"
done
