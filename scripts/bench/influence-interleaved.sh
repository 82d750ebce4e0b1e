#!/bin/bash
# Interleaves the numba/PyTorch peer and the Java PPR/IBMB bench on the arxiv-shaped synthetic graph,
# three rounds, so that ratios come from the same session (docs/bench-influence.md, session 3).
# Run from the repository root after ./build and make_synthetic.py (--out /tmp/synth-arxiv/graph.npz).
set -u
G=${1:-/tmp/synth-arxiv/graph.npz}
. scripts/find-jdk.sh
for i in 1 2 3; do
  echo "== round $i $(date +%T) load $(cat /proc/loadavg)"
  /usr/bin/python3 scripts/bench/peer_ppr_cpu.py "$G" 2 3 2>/dev/null | sed 's/^/PEERCPU /'
  "$IBMB_JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g -cp ibmb4j-cli/target/ibmb.jar \
    io.github.ibmb4j.cli.bench.PprBench "$G" --repeats 5 --threads 2 2>/dev/null | sed 's/^/JAVA /'
  /usr/bin/python3 /work/shared/peers/ibmb_torch.py prep --graph "$G" --threads 2 2>/dev/null | sed 's/^/PEER /'
done
echo "== end $(date +%T) load $(cat /proc/loadavg)"
