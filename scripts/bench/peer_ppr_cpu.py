#!/usr/bin/python3
"""Times the numba peer's PPR push (peers/ibmb_torch.py, ppr_topk) over the training nodes of a
graph.npz, wall and process-CPU seconds, several repeats after its JIT warm-up; one JSON line.

usage: /usr/bin/python3 scripts/bench/peer_ppr_cpu.py GRAPH.npz [THREADS] [REPEATS]
"""
import sys, os, json, time
graph = sys.argv[1]
threads = sys.argv[2] if len(sys.argv) > 2 else "2"
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
sys.argv = [sys.argv[0], "--threads", threads]          # read by the peer before numba is imported
sys.path.insert(0, "/work/shared/peers")
import ibmb_torch as P                                    # noqa: E402
import numba                                              # noqa: E402
numba.set_num_threads(int(threads))
a = P.parse_args(["prep", "--graph", graph, "--threads", threads])
g = P.load_graph(a)
P.preprocess_graph(g, a.norm)
jit = P.jit_warmup()
wall, cpu = [], []
for _ in range(repeats):
    c0, t0 = time.process_time(), time.perf_counter()
    aux_ptr, aux_idx, pairs, pushed = P.ppr_topk(g, g.train, 0.25, 2e-4, 16, int(threads))
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(json.dumps({"bench": "peer-ppr-train", "outputs": int(len(g.train)), "pushed": pushed, "jit_s": jit,
                  "seconds": wall, "cpuSeconds": cpu, "threads": int(threads),
                  "loadavg": list(os.getloadavg())}))
