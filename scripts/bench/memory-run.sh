#!/bin/bash
# One run of docs/bench-memory.md: trains GCN on the arxiv-shaped graph under /usr/bin/time -v with
# a given worktree's launcher (or runs the PyTorch peer) and appends one JSON line (load at start,
# peak RSS, epoch and inference times, test accuracy, whether model.safetensors and the learning
# curve equal a reference run's) to $RESULTS (default /tmp/mem/results.jsonl).
#   scripts/bench/memory-run.sh LABEL WORKTREE|peer [HEAP] [JAVA_OPTS]
# Environment: GRAPH (default /tmp/synth-arxiv/graph.npz), EPOCHS (3), REF (a reference run
# directory to compare with), SEED_BATCHES (a batch cache directory to hard-link into the run
# directory, so preprocessing is skipped), OUTROOT (default /tmp/mem/runs).
set -u
label=$1; wt=$2; heap=${3:-}; opts=${4:-}
graph=${GRAPH:-/tmp/synth-arxiv/graph.npz}; epochs=${EPOCHS:-3}
root=${OUTROOT:-/tmp/mem/runs}; out=$root/$label
rm -rf "$out"; mkdir -p "$root"
load=$(cut -d' ' -f1-3 /proc/loadavg); start=$(date -u +%T)
if [ "$wt" = peer ]; then
  /usr/bin/time -v /usr/bin/python3 /work/shared/peers/ibmb_torch.py run --graph "$graph" \
    --epochs "$epochs" --threads 2 > "$out.stdout" 2> "$out.stderr"
else
  mkdir -p "$out"
  [ -n "${SEED_BATCHES:-}" ] && cp -al "$SEED_BATCHES" "$out/batches"
  (cd "$wt" && IBMB_HEAP="$heap" IBMB_JAVA_OPTS="$opts" /usr/bin/time -v ./ibmb train \
    --dataset "$graph" --epochs "$epochs" --out "$out" --json --threads 2 > "$out.stdout" 2> "$out.stderr")
fi
rc=$?
python3 - "$label" "$wt" "$out" "$rc" "$load" "$start" "$heap" "$opts" <<'PY'
import sys, os, json, re, filecmp
label, wt, out, rc, load, start, heap, opts = sys.argv[1:]
err = open(out + '.stderr').read()
rss = re.search(r'Maximum resident set size \(kbytes\): (\d+)', err)
row = dict(label=label, worktree=wt, heap=heap or 'default', opts=opts, start_utc=start, load=load,
           rc=int(rc), rss_mb=round(int(rss.group(1)) / 1024) if rss else None,
           cpu_s=round(sum(float(x) for x in re.findall(r'(?:User|System) time \(seconds\): (\S+)', err)), 1))
oom = re.search(r'OutOfMemoryError[^\n]*', err)
if oom:
    row['oom'] = oom.group(0)
try:
    if wt == 'peer':
        j = json.loads(open(out + '.stdout').read().strip().splitlines()[-1])
        row.update(epochs=[round(x, 1) for x in j['train_epoch_s']], infer_ibmb=round(j['infer_ibmb_s'], 2),
                   infer_full=round(j['infer_full_s'], 2), test_acc=round(j['test_acc_ibmb'], 4))
    else:
        r = json.load(open(out + '/record.json'))
        c = r['curve']
        row.update(epochs=[round(x['trainSeconds'], 1) for x in c], val_s=[round(x['valSeconds'], 2) for x in c],
                   infer_ibmb=round(r['timings']['inference']['ibmb-node'], 2),
                   infer_full=round(r['timings']['inference']['full'], 2),
                   test_acc=round(r['metrics']['test']['ibmb-node']['accuracy'], 4))
        ref = os.environ.get('REF')
        if ref:
            key = lambda x: (x['trainLoss'], x['trainAccuracy'], x['valLoss'], x['valAccuracy'])
            rc_ = [key(x) for x in json.load(open(ref + '/record.json'))['curve']]
            row['same_curve'] = [key(x) for x in c][:len(rc_)] == rc_[:len(c)]
            row['same_checkpoint'] = filecmp.cmp(out + '/model.safetensors', ref + '/model.safetensors', shallow=False)
except Exception as e:
    row['error'] = repr(e)[:200]
line = json.dumps(row)
print(line)
open(os.environ.get('RESULTS', '/tmp/mem/results.jsonl'), 'a').write(line + '\n')
PY
