#!/usr/bin/env bash
# Renders the HTML report of every shipped scenario (resources/scenarios, run in virtual time)
# in a headless browser and writes a full-page screenshot of each, to look at: every chart
# should draw its lines and fault markers. Not a test (it needs a browser, which CI lacks):
# the report's structure is checked by tests/test_bundle.cpp. Prints one line per scenario.
#   bench/report_in_browser.sh [OUT_DIR]     (default: a new folder under /tmp, kept)
# Browser: chromium-headless-shell, chromium, google-chrome or firefox, the first found
# (Debian: apt-get install chromium-headless-shell).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(mktemp -d /tmp/archlab-reports.XXXXXX)}
mkdir -p "$OUT"
CLI=build/release/bin/archlab-cli
[ -x "$CLI" ] || { cmake --preset release >/dev/null && cmake --build --preset release --target archlab-cli; }

BROWSER=""
for b in chromium-headless-shell chromium google-chrome firefox; do
  if command -v "$b" >/dev/null 2>&1; then BROWSER=$b; break; fi
done
[ -n "$BROWSER" ] || { echo "report_in_browser: no headless browser (apt-get install chromium-headless-shell)" >&2; exit 1; }

shot() {  # HTML PNG: a 1000 px wide page, tall enough for the whole report
  if [ "$BROWSER" = firefox ]; then
    firefox --headless --window-size=1000,6000 --screenshot "$2" "file://$1" >/dev/null 2>&1
  else
    # --no-sandbox: root in a container has no user namespace for the sandbox.
    "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,6000 \
      --screenshot="$2" "file://$1" >/dev/null 2>&1
  fi
}

printf '%-40s %7s %9s %s\n' scenario charts html_kib screenshot
for scenario in resources/scenarios/*.json; do
  name=$(basename "$scenario" .json)
  if ! "$CLI" run "$scenario" --time virtual --no-store --no-charts --no-gif --out "$OUT/$name" \
       --bundle "$OUT/$name.archlab" >"$OUT/$name.log" 2>&1; then
    printf '%-40s %s\n' "$name" "(run failed: $OUT/$name.log)"; continue
  fi
  "$CLI" report "$OUT/$name.archlab" --html "$OUT/$name.html" >/dev/null
  charts=$(grep -o '<svg class="chart"' "$OUT/$name.html" | wc -l)
  kib=$(( ($(stat -c %s "$OUT/$name.html") + 1023) / 1024 ))
  if shot "$(realpath "$OUT/$name.html")" "$OUT/$name.png" && [ -s "$OUT/$name.png" ]; then
    printf '%-40s %7s %9s %s\n' "$name" "$charts" "$kib" "$OUT/$name.png"
  else
    printf '%-40s %7s %9s %s\n' "$name" "$charts" "$kib" "(no screenshot from $BROWSER)"
  fi
done
