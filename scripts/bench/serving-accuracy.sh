#!/usr/bin/env bash
# Accuracy and time per request of the serving candidates (docs/serving.md): for a run directory,
# predicts a seeded random 1 % of its test split with every candidate, once as one request and once
# as single-node requests, each against full-graph inference on the same nodes (--compare-full);
# times are the median of 3 passes (warm JVM) without the per-node PPR cache (--cache-size 0).
# Usage: scripts/bench/serving-accuracy.sh RUN_DIR OUT.jsonl [FRACTION] [CANDIDATE_REGEX]
# Each line of OUT.jsonl is the --json summary of one 'ibmb predict' command plus "candidate",
# "mode" and "command" (the exact command line that produced it).
set -euo pipefail
run="$1"; out="$2"; frac="${3:-0.01}"; only="${4:-.}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: > "$out"
candidates=(
  "ibmb-node k=16 (training batches)|--method ibmb-node --training-batches"
  "ibmb-node k=16 renormalised|--method ibmb-node --renormalize true"
  "ibmb-node k=64 eps=1e-5 renormalised|--method ibmb-node --topk 64 --eps 1e-5 --renormalize true"
  "ibmb-node k=16 + 1-hop, renormalised|--method ibmb-node --hops 1 --renormalize true"
  "ibmb-node k=16 + 2-hop, renormalised|--method ibmb-node --hops 2 --renormalize true"
  "receptive-field, last hop 32|--method receptive-field --last-hop-fanout 32"
  "receptive-field (exact)|--method receptive-field"
)
for c in "${candidates[@]}"; do
  name="${c%%|*}"; opts="${c#*|}"
  echo "$name" | grep -Eq -- "$only" || continue
  for mode in set single; do
    extra=""; [ "$mode" = single ] && extra="--per-node"
    cmd="./ibmb predict --run $run --sample-test $frac $opts $extra --repeats 3 --cache-size 0 --compare-full --json -q"
    line=$(cd "$here" && $cmd | tail -1)
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(candidate=sys.argv[2], mode=sys.argv[3], command=sys.argv[4]); print(json.dumps(d))' \
      "$line" "$name" "$mode" "$cmd" >> "$out"
    echo "$name [$mode]: $(tail -1 "$out" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("acc %.4f full %.4f agree %.4f %.4f s/request" % (d["accuracy"], d["fullAccuracy"], d["agreement"], d["secondsPerRequest"]))')" >&2
  done
done
