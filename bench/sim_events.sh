#!/usr/bin/env bash
# Benchmark (not a test): the simulated runtime's events per second beside a bare priority-queue
# event loop and ns-3's simulator core, all on the same workload in this one run
# (bench/bench_sim_events.cpp). Installs libns3-dev when missing (apt-get; sudo only when not
# root), configures and builds the bench in the release preset, then runs it.
#
#   bench/sim_events.sh                          # 1000 nodes, 5 million events
#   NODES=100 EVENTS=1000000 REPEAT=3 bench/sim_events.sh
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=${NODES:-1000}
EVENTS=${EVENTS:-5000000}
REPEAT=${REPEAT:-1}

if ! dpkg-query -W -f='${Status}' libns3-dev 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  echo "bench: installing libns3-dev (ns-3's simulator core, the peer)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libns3-dev >/dev/null
fi

# Configure again: a search that failed before (ns-3 not yet installed) is tried again.
cmake --preset release >/dev/null
cmake --build --preset release --target bench_sim_events

build/release/bin/bench_sim_events --nodes "$NODES" --events "$EVENTS" --repeat "$REPEAT"
