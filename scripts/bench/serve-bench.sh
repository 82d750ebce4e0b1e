#!/usr/bin/env bash
# Benchmark of 'ibmb serve' over loopback (docs/serving.md): single-node and 100-node requests with
# 1, 8 and 32 concurrent clients, a 1 % node set in one request, the same with full-graph inference
# per request, and the server's peak RSS (/usr/bin/time -v). Every load phase is bounded in requests
# and seconds; nothing leaves 127.0.0.1.
#   scripts/bench/serve-bench.sh [WORK_DIR]      (default /tmp/srv; run ./build first)
#   SERVE_METHOD=ibmb-node scripts/bench/serve-bench.sh   the first server's method (default
#                                                 receptive-field); SKIP_FULL=1 skips the full-graph server
# Reuses WORK_DIR/synth (the arxiv-shaped graph) and WORK_DIR/run (a 3 x 256 GCN, 5 epochs) if present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$here/scripts/find-jdk.sh"
work="${1:-/tmp/srv}"
mkdir -p "$work"
export IBMB_HEAP="${IBMB_HEAP:-4g}"
if [ ! -d "$work/synth" ]; then
  "$here/ibmb" dataset generate --out "$work/synth" -q
fi
if [ ! -f "$work/run/model.safetensors" ]; then
  "$here/ibmb" train --dataset "$work/synth" --model gcn --hidden 256 --layers 3 --epochs 5 --seed 1 \
    --out "$work/run" -q
fi
nodes=169343
load() { "$IBMB_JAVA" "$here/scripts/bench/ServeLoad.java" --port "$port" --graph-nodes "$nodes" "$@"; }

# Starts 'ibmb serve' under /usr/bin/time -v with the given extra options; sets $port and $pid.
start() {
  local log="$work/serve-$1.log"
  shift
  /usr/bin/time -v -o "$log.time" "$here/ibmb" serve --run "$work/run" --port 0 "$@" \
    > "$log.out" 2> "$log" &
  pid=$!
  trap 'kill -TERM "$(pgrep -P "$pid")" 2>/dev/null || true' EXIT
  port=""
  for _ in $(seq 600); do
    port=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\)$#\1#p' "$log.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "server did not start; see $log" >&2; exit 1; }
}

# SIGTERM to the JVM (the child of /usr/bin/time), then the peak RSS.
stop() {
  local log="$work/serve-$1.log"
  kill -TERM "$(pgrep -P "$pid")"
  wait "$pid" || true
  trap - EXIT
  echo "{\"server\":\"$1\",\"peak_rss_mb\":$(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$log.time"),\"exit\":\"$(awk -F': ' '/Exit status/ {print $2}' "$log.time")\"}"
}

echo "# $(date -u +%FT%TZ) load: $(uptime | sed 's/.*load average: //')"
method="${SERVE_METHOD:-receptive-field}"
start "$method" --method "$method"
for c in 1 8 32; do load --batch 1 --clients "$c" --requests $((2000 * c)) --seconds 30; done
for c in 1 8 32; do load --batch 100 --clients "$c" --requests $((200 * c)) --seconds 30 --warmup 50; done
load --batch 1693 --clients 1 --requests 10 --seconds 60 --warmup 2
stop "$method"

[ -n "${SKIP_FULL:-}" ] && exit 0
start full --method full --request-timeout-ms 300000
load --batch 1 --clients 1 --requests 5 --seconds 60 --warmup 1
load --batch 1 --clients 8 --requests 16 --seconds 60 --warmup 0
load --batch 100 --clients 1 --requests 5 --seconds 60 --warmup 0
load --batch 1693 --clients 1 --requests 5 --seconds 60 --warmup 0
stop full
echo "# done $(date -u +%FT%TZ) load: $(uptime | sed 's/.*load average: //')"
