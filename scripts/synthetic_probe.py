#!/usr/bin/python3
# Difficulty probe for a graph.npz: softmax regression (300 full-batch Adam steps) on standardised
# X, S^3 X and [X..S^3 X] with S = D^-1/2 (A+I) D^-1/2; prints test accuracies of split 0.
# Usage: /usr/bin/python3 scripts/synthetic_probe.py PATH/graph.npz   (needs numpy + scipy)
import sys, numpy as np, scipy.sparse as sp
z = np.load(sys.argv[1])
n = len(z['adj_indptr']) - 1
A = sp.csr_matrix((np.ones(len(z['adj_indices']), np.float32), z['adj_indices'], z['adj_indptr']), shape=(n, n))
A = A + sp.eye(n, dtype=np.float32, format='csr')
d = np.asarray(A.sum(1)).ravel()
Dm = sp.diags((1 / np.sqrt(d)).astype(np.float32))
S = (Dm @ A @ Dm).tocsr()
X = sp.csr_matrix((z['feat_data'], z['feat_indices'], z['feat_indptr']), shape=tuple(z['feat_shape'])).toarray()
y = z['labels']; C = y.max() + 1
tr = z['train_mask'][0].astype(bool); te = z['test_mask'][0].astype(bool)
def fit_eval(F, name):
    F = (F - F[tr].mean(0)) / (F[tr].std(0) + 1e-6)
    W = np.zeros((F.shape[1], C), np.float32); b = np.zeros(C, np.float32)
    Y = np.eye(C, dtype=np.float32)[y[tr]]
    Ft = F[tr]
    mW = np.zeros_like(W); vW = np.zeros_like(W); mb = np.zeros_like(b); vb = np.zeros_like(b)
    for it in range(1, 301):
        L = Ft @ W + b; L -= L.max(1, keepdims=True); P = np.exp(L); P /= P.sum(1, keepdims=True)
        G = (P - Y) / len(Ft); gW = Ft.T @ G + 1e-4 * W; gb = G.sum(0)
        for p, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= 0.9; m += 0.1 * g; v *= 0.999; v += 0.001 * g * g
            p -= 0.05 * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    acc = ((F[te] @ W + b).argmax(1) == y[te]).mean()
    print(f"{name}: test acc {acc:.3f}", flush=True)
fit_eval(X, "X")
H = X.copy(); feats = [X]
for k in range(3):
    H = S @ H; feats.append(H)
fit_eval(H, "A^3 X")
fit_eval(np.hstack(feats), "[X..A^3X]")
