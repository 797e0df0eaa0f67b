#!/usr/bin/env bash
# How fast each lab runs in virtual time: virtual seconds per wall second at its defaults, and
# with its cluster scaled up (1,000 app nodes where the lab has them, 200 queueing workers).
# A benchmark, not a test: figures depend on the machine. Prints one line per case.
#   bench/virtual_speed.sh [VIRTUAL_SECONDS]     (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_VIRTUAL=${1:-20}
CLI=build/release/bin/archlab-cli
[ -x "$CLI" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target archlab-cli; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# lab, then --set arguments of the scaled-up case ("" = defaults only)
CASES=(
  "queueing|"
  "queueing|--set workers=200 --set arrival_rps=80000"
  "caching|"
  "caching|--set nodes=1000"
  "load-balancing|"
  "load-balancing|--set nodes=1000"
  "sessions|"
  "replication|"
)

printf '%-16s %-40s %10s %10s %14s %18s\n' lab settings virtual_s wall_s "virtual/wall" fingerprint
for c in "${CASES[@]}"; do
  lab=${c%%|*}; sets=${c#*|}
  if ! "$CLI" describe "$lab" >/dev/null 2>&1; then
    printf '%-16s %-40s %s\n' "$lab" "${sets:-defaults}" "(lab not in this build)"; continue
  fi
  # shellcheck disable=SC2086
  start=$(date +%s.%N)
  if ! "$CLI" run "$lab" --time virtual --seed 1 --duration "${SECONDS_VIRTUAL}s" $sets --no-store --no-charts \
        --out "$OUT/$lab" > "$OUT/log" 2>&1; then
    printf '%-16s %-40s %s\n' "$lab" "${sets:-defaults}" "FAILED: $(tail -1 "$OUT/log")"; continue
  fi
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc -l)
  fp=$(grep -o 'fingerprint: [0-9a-f]*' "$OUT/log" | cut -d' ' -f2)
  printf '%-16s %-40s %10s %10.2f %14.1f %18s\n' "$lab" "${sets:-defaults}" "$SECONDS_VIRTUAL" "$wall" \
    "$(echo "$SECONDS_VIRTUAL / $wall" | bc -l)" "$fp"
done
