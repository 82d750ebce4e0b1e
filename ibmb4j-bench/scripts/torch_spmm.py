#!/usr/bin/env python3
"""PyTorch's CSR SpMM on the SpmmBenchmark shape (N = 100000, 15 distinct random neighbours per
row, F = 256, float32), for a same-session ratio against the Java kernel.

Usage: /usr/bin/python3 ibmb4j-bench/scripts/torch_spmm.py [reps] [threads]
Prints best and median wall time of torch.sparse.mm(A_csr, H) (and of the COO form), and of
X @ W with a preallocated output, the 100000x128 . 128x256 GEMM shape.
"""
import statistics
import sys
import time

import numpy as np
import torch

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
N, DEG, F = 100_000, 15, 256
rng = np.random.default_rng(42)
cols = np.empty((N, DEG), dtype=np.int64)
for r in range(N):
    cols[r] = np.sort(rng.choice(N, DEG, replace=False))
crow = torch.arange(0, N * DEG + 1, DEG, dtype=torch.int64)
col = torch.from_numpy(cols.reshape(-1))
val = torch.full((N * DEG,), 1.0 / DEG, dtype=torch.float32)
a_csr = torch.sparse_csr_tensor(crow, col, val, size=(N, N))
a_coo = a_csr.to_sparse_coo().coalesce()
h = torch.rand(N, F, dtype=torch.float32) * 2 - 1
x = torch.rand(N, 128, dtype=torch.float32) * 2 - 1
w = torch.rand(128, F, dtype=torch.float32) * 2 - 1
out = torch.empty(N, F, dtype=torch.float32)


def timeit(name, fn):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"torch {torch.__version__} threads {threads} {name:10s} best {min(times):8.2f} ms"
          f"  median {statistics.median(times):8.2f} ms")


timeit("spmm-csr", lambda: torch.sparse.mm(a_csr, h))
timeit("spmm-coo", lambda: torch.sparse.mm(a_coo, h))
timeit("xw-out", lambda: torch.matmul(x, w, out=out))
