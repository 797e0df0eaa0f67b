#!/usr/bin/env bash
# Benchmark (not a test): ArchLab's RESP cache node against redis-server, both driven by
# redis-benchmark in this one run on 127.0.0.1: SET and GET, -c 50, with and without -P 16.
# Prints requests/s for each and the ratio ours/redis. Installs redis-server and redis-tools
# when missing (apt-get; sudo only when not root); starts and stops both servers itself.
#
#   bench/cache_node_vs_redis.sh                 # uses build/release/bin/archlab-cli
#   N=500000 ROUNDS=3 ARCHLAB_CLI=/path/archlab-cli bench/cache_node_vs_redis.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CLI=${ARCHLAB_CLI:-build/release/bin/archlab-cli}
N=${N:-200000}          # requests per redis-benchmark test
CLIENTS=${CLIENTS:-50}  # parallel connections
PIPELINE=${PIPELINE:-16}
ROUNDS=${ROUNDS:-1}     # >1: every figure is the median of this many alternating runs (noisy, shared machines)

if [[ ! -x $CLI ]]; then
  echo "bench: $CLI not found; build it: cmake --build build/release --target archlab-cli" >&2
  exit 2
fi

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  echo "bench: installing redis-server and redis-tools"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
fi

# A port nothing listens on, from a start point upward.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# Waits until a RESP server on port $1 answers PING (up to 10 s).
wait_ready() {
  for _ in $(seq 100); do
    [[ $(redis-cli -p "$1" ping 2>/dev/null) == PONG ]] && return 0
    sleep 0.1
  done
  echo "bench: nothing answers on 127.0.0.1:$1" >&2
  return 1
}

LOG=$(mktemp -d)
REDIS_PID="" OURS_PID=""
cleanup() {
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  [[ -n $OURS_PID ]] && kill "$OURS_PID" 2>/dev/null && wait "$OURS_PID" 2>/dev/null
  rm -rf "$LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

REDIS_PORT=$(free_port 17379)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --logfile "$LOG/redis.log" &
REDIS_PID=$!
OURS_PORT=$(free_port $((REDIS_PORT + 1)))
"$CLI" cache-server --port "$OURS_PORT" >"$LOG/ours.log" 2>&1 &
OURS_PID=$!
wait_ready "$REDIS_PORT"
wait_ready "$OURS_PORT"
echo "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT, archlab cache node on 127.0.0.1:$OURS_PORT"
echo "redis-benchmark -t set,get -n $N -c $CLIENTS -q, then again with -P $PIPELINE; $ROUNDS round(s), median shown ($(nproc) cores)"

# Sanity: redis-cli basics against our node.
check() {  # expected, then the redis-cli arguments
  local want=$1; shift
  local got
  got=$(redis-cli -p "$OURS_PORT" "$@" 2>&1)
  if [[ $got != "$want" ]]; then echo "bench: redis-cli $* gave '$got', expected '$want'" >&2; exit 1; fi
}
check OK set bench:key hello
check hello get bench:key
check 1 del bench:key
check PONG ping

# rps <port> <extra args...>: prints "SET_rps GET_rps"; fails on any error output.
rps() {
  local port=$1; shift
  local out
  out=$(redis-benchmark -p "$port" -t set,get -n "$N" -c "$CLIENTS" -q "$@" 2>"$LOG/err" | tr '\r' '\n')
  if [[ -s $LOG/err ]]; then echo "bench: redis-benchmark on port $port reported errors:" >&2; cat "$LOG/err" >&2; exit 1; fi
  local set get
  set=$(grep -E '^SET: [0-9.]+ requests per second' <<<"$out" | tail -1 | awk '{print $2}')
  get=$(grep -E '^GET: [0-9.]+ requests per second' <<<"$out" | tail -1 | awk '{print $2}')
  if [[ -z $set || -z $get ]]; then echo "bench: no figures from redis-benchmark on port $port:" >&2; echo "$out" >&2; exit 1; fi
  echo "$set $get"
}

declare -A R   # "who_test_pipeline" -> the figures of every round, space-separated
for ((round = 1; round <= ROUNDS; round++)); do
  for p in 1 "$PIPELINE"; do
    # Alternate the servers so slow phases of a shared machine hit both alike.
    for who in redis ours; do
      port=$REDIS_PORT
      [[ $who == ours ]] && port=$OURS_PORT
      vals=$(rps "$port" -P "$p")
      read -r s g <<<"$vals"
      R[${who}_set_$p]+="$s "
      R[${who}_get_$p]+="$g "
    done
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for k in "${!R[@]}"; do R[$k]=$(median "${R[$k]}"); done

printf '\n%-5s %-9s %14s %14s %12s\n' test pipeline "redis req/s" "archlab req/s" "ours/redis"
for p in 1 "$PIPELINE"; do
  for t in set get; do
    printf '%-5s %-9s %14s %14s %12s\n' "${t^^}" "$p" "${R[redis_${t}_$p]}" "${R[ours_${t}_$p]}" \
      "$(awk -v o="${R[ours_${t}_$p]}" -v r="${R[redis_${t}_$p]}" 'BEGIN { printf "%.2f", o / r }')"
  done
done

echo
echo "archlab cache node INFO after the run:"
redis-cli -p "$OURS_PORT" info stats | grep -E '^(total_commands_processed|keyspace_hits|keyspace_misses|evicted_keys|expired_keys):' | tr -d '\r' | sed 's/^/  /'
redis-cli -p "$OURS_PORT" info keyspace | grep '^db0' | tr -d '\r' | sed 's/^/  /'
