#!/usr/bin/env bash
# HTTP load benchmark: `condsearch serve` (release build, embedded catalog) on loopback, driven
# by wrk with the realistic query mix of benches/queries/topics.tsv (lay phrases, typos,
# prefixes, codes, Unicode, out-of-scope), one query per request, cycling.
#
# Reports throughput, latency percentiles and the server's resident memory (RSS) after the
# load. Bounded: each run lasts DURATION seconds. Server and load generator share the machine,
# so the figures are for both on the same cores.
#
#   benches/http_load.sh                 # defaults: 15 s per run, 8 and 16 connections
#   DURATION=30 CONNECTIONS="8 32" benches/http_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-8 16}"
PORT="${PORT:-18090}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing Debian's wrk (once)"
  sudo_cmd=""; if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --quiet --bin condsearch
./target/release/condsearch serve --addr "127.0.0.1:${PORT}" --log warn &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:${PORT}/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "machine: $(nproc) cores; server: condsearch serve (release); load: wrk, 1 thread"
echo "warm-up (3 s)"
wrk -t1 -c8 -d3s -s benches/http/mix.lua "http://127.0.0.1:${PORT}" >/dev/null
for c in $CONNECTIONS; do
  echo "== ${c} connections, ${DURATION} s"
  wrk -t1 -c"$c" -d"${DURATION}s" -s benches/http/mix.lua "http://127.0.0.1:${PORT}" | sed -n '/^requests /,$p'
done
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/${server}/status")
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/${server}/status")
echo "server resident memory: ${rss_kb} KiB now, ${hwm_kb} KiB peak"
