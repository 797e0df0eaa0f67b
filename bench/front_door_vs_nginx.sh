#!/usr/bin/env bash
# The HTTP front door (bench_front_door: door -> gateway -> round-robin lb -> 3 app nodes on the
# live runtime) against nginx as a round-robin proxy (upstream keepalive) to 3 nginx backends,
# all on 127.0.0.1, each driven by the same wrk run (-t1 -c50 -d10s --latency) in this one
# script run. Prints both throughputs, p50/p99 latency, errors, and the ratio ours/nginx.
# Installs nginx and wrk when missing (apt-get; sudo only when not root). Stops all it started.
#
#   bench/front_door_vs_nginx.sh            (env: DURATION=10s CONNECTIONS=50 NGINX_WORKERS=1 BUILD_DIR=build/release)
# Not a test: figures depend on the machine and on whatever else runs on it.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
NGINX_WORKERS=${NGINX_WORKERS:-1}
BUILD_DIR=${BUILD_DIR:-build/release}
BENCH_BIN="$BUILD_DIR/bin/bench_front_door"

# ---- What it needs -------------------------------------------------------------------------------
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$BENCH_BIN" ]; then
  echo "Building bench_front_door in $BUILD_DIR"
  cmake --preset release >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target bench_front_door >/dev/null
fi

# ---- Start both, stop both on any exit -----------------------------------------------------------
WORK=$(mktemp -d /tmp/archlab-nginx-bench.XXXXXX)
BENCH_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$BENCH_PID" ] && kill -TERM "$BENCH_PID" 2>/dev/null && wait "$BENCH_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# Four free loopback ports: the proxy and three backends.
read -r PROXY_PORT B1 B2 B3 < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)

USER_LINE=""
[ "$(id -u)" -eq 0 ] && USER_LINE="user root;"  # workers read the temp folder made here
mkdir -p "$WORK/logs"
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes $NGINX_WORKERS;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  keepalive_requests 1000000;
  upstream backends {
    server 127.0.0.1:$B1;
    server 127.0.0.1:$B2;
    server 127.0.0.1:$B3;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      add_header X-Archlab-Node \$upstream_addr;
    }
  }
  server { listen 127.0.0.1:$B1; default_type text/plain; location / { return 200 "hello from app-1\n"; } }
  server { listen 127.0.0.1:$B2; default_type text/plain; location / { return 200 "hello from app-2\n"; } }
  server { listen 127.0.0.1:$B3; default_type text/plain; location / { return 200 "hello from app-3\n"; } }
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' 2>"$WORK/logs/stderr.log" &
NGINX_PID=$!

"$BENCH_BIN" --port 0 --apps 3 > "$WORK/bench.out" 2>"$WORK/bench.err" &
BENCH_PID=$!

# Wait (bounded) until both answer.
OURS_URL=""
for _ in $(seq 1 100); do
  OURS_URL=$(sed -n 's/^URL //p' "$WORK/bench.out" 2>/dev/null | head -1)
  if [ -n "$OURS_URL" ] && curl -s -o /dev/null "$OURS_URL" && curl -s -o /dev/null "http://127.0.0.1:$PROXY_PORT/"; then break; fi
  sleep 0.1
done
NGINX_URL="http://127.0.0.1:$PROXY_PORT/"
if [ -z "$OURS_URL" ] || ! curl -s -o /dev/null "$OURS_URL"; then echo "bench_front_door did not come up"; cat "$WORK/bench.err"; exit 1; fi
if ! curl -s -o /dev/null "$NGINX_URL"; then echo "nginx did not come up"; cat "$WORK/logs/"*; exit 1; fi

echo "ours : $OURS_URL   ($(curl -si "$OURS_URL" | tr -d '\r' | grep -i '^X-Archlab-Node' | head -1))"
echo "nginx: $NGINX_URL   ($(curl -si "$NGINX_URL" | tr -d '\r' | grep -i '^X-Archlab-Node' | head -1), $NGINX_WORKERS worker)"

# ---- Drive both with the same wrk run ------------------------------------------------------------
# Prints: requests_per_s p50 p99 socket_errors non_2xx (latencies as wrk prints them).
run_wrk() {
  local url=$1 out
  wrk -t1 -c2 -d1s "$url" >/dev/null 2>&1 || true  # warm-up: connections, caches
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  echo "$out" > "$WORK/wrk.$2.txt"
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Socket errors:/ { gsub(",", ""); errs = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    END { printf "%s %s %s %d %d\n", rps, p50, p99, errs, non2xx }' <<< "$out"
}
# wrk prints latency as 812.00us / 1.23ms / 1.02s: in milliseconds for the ratio.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency, one after the other on $(nproc) cores"
read -r O_RPS O_P50 O_P99 O_ERR O_NON < <(run_wrk "$OURS_URL" ours)
read -r N_RPS N_P50 N_P99 N_ERR N_NON < <(run_wrk "$NGINX_URL" nginx)

printf '%-22s %12s %10s %10s %14s %8s\n' "" "requests/s" "p50" "p99" "socket errors" "non-2xx"
printf '%-22s %12s %10s %10s %14s %8s\n' "front door (ours)" "$O_RPS" "$O_P50" "$O_P99" "$O_ERR" "$O_NON"
printf '%-22s %12s %10s %10s %14s %8s\n' "nginx round-robin" "$N_RPS" "$N_P50" "$N_P99" "$N_ERR" "$N_NON"
awk -v o="$O_RPS" -v n="$N_RPS" -v op50="$(to_ms "$O_P50")" -v np50="$(to_ms "$N_P50")" \
    -v op99="$(to_ms "$O_P99")" -v np99="$(to_ms "$N_P99")" 'BEGIN {
  printf "ratio ours/nginx: throughput %.2f, p50 %.2f, p99 %.2f\n", o / n, op50 / np50, op99 / np99 }'

kill -TERM "$BENCH_PID" && wait "$BENCH_PID" 2>/dev/null || true
BENCH_PID=""
echo "bench_front_door counted:"; sed 's/^/  /' "$WORK/bench.out" | grep -v '^  URL'
