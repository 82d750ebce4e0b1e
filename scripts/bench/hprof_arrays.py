#!/usr/bin/env python3
"""Live primitive arrays of a heap dump (jcmd PID GC.heap_dump FILE), for docs/bench-memory.md.

usage: hprof_arrays.py DUMP [MIN [BIG [owners]]]
  prints the bytes per primitive type, then the arrays of at least MIN bytes (default 1 MiB) grouped
  by their first referrer chain; with BIG, every array of at least BIG bytes with all its referrers;
  with a fourth argument, the bytes per owner (model buffers, workspace, batches, transposes, dataset).
Standard library only; reads the whole dump's object graph into memory (fine for a few million
objects; primitive array contents are skipped).
"""
import struct, sys, collections

path = sys.argv[1]
MIN = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
f = open(path, 'rb')
hdr = b''
while True:
    c = f.read(1)
    if c == b'\0':
        break
    hdr += c
idsize = struct.unpack('>I', f.read(4))[0]
f.read(8)
ID = '>Q' if idsize == 8 else '>I'
def rid(b, o):
    return struct.unpack_from(ID, b, o)[0]
SIZES = {2: idsize, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PNAME = {4: 'boolean', 5: 'char', 6: 'float', 7: 'double', 8: 'byte', 9: 'short', 10: 'int', 11: 'long'}
strings = {}
classname = {}
classes = {}  # id -> (super, [(nameid, type)])
inst = {}  # id -> (classid, bytes)
objarr = {}  # id -> (classid, [ids])
prim = {}  # id -> (type, n)
roots = set()
while True:
    h = f.read(9)
    if len(h) < 9:
        break
    tag, _, ln = struct.unpack('>BII', h)
    if tag == 0x01:
        b = f.read(ln)
        strings[rid(b, 0)] = b[idsize:].decode('utf-8', 'replace')
    elif tag == 0x02:
        b = f.read(ln)
        classname[rid(b, 4)] = rid(b, 8 + idsize)
    elif tag in (0x0C, 0x1C):
        end = f.tell() + ln
        while f.tell() < end:
            st = f.read(1)[0]
            if st == 0xFF:
                roots.add(rid(f.read(idsize), 0))
            elif st == 0x01:
                roots.add(rid(f.read(2 * idsize), 0))
            elif st in (0x02, 0x03, 0x08):
                roots.add(rid(f.read(idsize + 8), 0))
            elif st in (0x04, 0x06):
                roots.add(rid(f.read(idsize + 4), 0))
            elif st in (0x05, 0x07):
                roots.add(rid(f.read(idsize), 0))
            elif st == 0x20:
                b = f.read(7 * idsize + 4 + 4)
                cid = rid(b, 0)
                sup = rid(b, 4 + idsize)
                cp = struct.unpack('>H', f.read(2))[0]
                for _ in range(cp):
                    f.read(2)
                    t = f.read(1)[0]
                    f.read(SIZES[t])
                ns = struct.unpack('>H', f.read(2))[0]
                for _ in range(ns):
                    f.read(idsize)
                    t = f.read(1)[0]
                    v = f.read(SIZES[t])
                    if t == 2:
                        roots.add(rid(v, 0))
                nf = struct.unpack('>H', f.read(2))[0]
                fields = []
                for _ in range(nf):
                    nm = rid(f.read(idsize), 0)
                    t = f.read(1)[0]
                    fields.append((nm, t))
                classes[cid] = (sup, fields)
            elif st == 0x21:
                b = f.read(2 * idsize + 8)
                oid = rid(b, 0)
                cid = rid(b, idsize + 4)
                n = struct.unpack_from('>I', b, 2 * idsize + 4)[0]
                inst[oid] = (cid, f.read(n))
            elif st == 0x22:
                b = f.read(2 * idsize + 8)
                oid = rid(b, 0)
                n = struct.unpack_from('>I', b, idsize + 4)[0]
                cid = rid(b, idsize + 8)
                d = f.read(n * idsize)
                objarr[oid] = (cid, [rid(d, i * idsize) for i in range(n)])
            elif st == 0x23:
                b = f.read(idsize + 9)
                oid = rid(b, 0)
                n = struct.unpack_from('>I', b, idsize + 4)[0]
                t = b[idsize + 8]
                prim[oid] = (t, n)
                f.seek(n * SIZES[t], 1)
            else:
                raise SystemExit('unknown subtag %x at %d' % (st, f.tell()))
    else:
        f.seek(ln, 1)

def cname(cid):
    return strings.get(classname.get(cid), '?%x' % cid)

def layout(cid):
    out = []
    while cid in classes:
        sup, fields = classes[cid]
        out.extend(fields)
        cid = sup
    return out

referrers = collections.defaultdict(list)
for oid, (cid, data) in inst.items():
    o = 0
    for nm, t in layout(cid):
        if t == 2:
            r = rid(data, o)
            if r:
                referrers[r].append((oid, strings.get(nm, '?')))
        o += SIZES[t]
for oid, (cid, refs) in objarr.items():
    for i, r in enumerate(refs):
        if r:
            referrers[r].append((oid, '[]'))

def desc(oid):
    if oid in inst:
        return cname(inst[oid][0])
    if oid in objarr:
        return cname(objarr[oid][0])
    return '?'

def chain(oid, depth=7):
    parts = []
    cur = oid
    seen = set()
    for _ in range(depth):
        rs = referrers.get(cur)
        if not rs:
            parts.append('ROOT' if cur in roots else '(no referrer)')
            break
        r, fld = rs[0]
        if r in seen:
            break
        seen.add(r)
        parts.append('%s.%s%s' % (desc(r).split('.')[-1], fld, '(+%d)' % (len(rs) - 1) if len(rs) > 1 else ''))
        cur = r
    return ' <- '.join(parts)

# Reachability from roots (a heap dump with -live has only live objects anyway).
tot = collections.Counter()
groups = collections.defaultdict(lambda: [0, 0])
for oid, (t, n) in prim.items():
    b = n * SIZES[t]
    tot[PNAME[t]] += b
    if b >= MIN:
        key = PNAME[t] + '[] <- ' + chain(oid)
        groups[key][0] += 1
        groups[key][1] += b
print('primitive arrays by type (MB):', {k: round(v / 2**20, 1) for k, v in tot.most_common()})
for k, (c, b) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
    print('%8.1f MB %4d  %s' % (b / 2**20, c, k))

if len(sys.argv) > 3:
    big = int(sys.argv[3])
    print('--- arrays >= %d bytes, all first-level referrers' % big)
    for oid, (t, n) in sorted(prim.items(), key=lambda kv: -kv[1][1] * SIZES[kv[1][0]]):
        b = n * SIZES[t]
        if b < big:
            continue
        refs = []
        for r, fld in referrers.get(oid, []):
            up = referrers.get(r, [])
            refs.append('%s.%s <- %s' % (desc(r).split('/')[-1], fld, ','.join('%s.%s' % (desc(u).split('/')[-1], g) for u, g in up[:4])))
        print('%7.1f MB %s[%d] root=%s | %s' % (b / 2**20, PNAME[t], n, oid in roots, ' || '.join(refs)))

if len(sys.argv) > 4:
    # owner category: the first referrer class (walking up) from one of these packages
    cats = collections.Counter()
    def owner(oid):
        cur = oid
        for _ in range(8):
            rs = referrers.get(cur)
            if not rs:
                return 'unreferenced (GC filler)' if cur == oid else 'other'
            names = [desc(r) for r, _ in rs]
            prio = [('Batch', 'batches (features, adjacency, ids)'), ('/nn/AdjacencyCache', 'adjacency transposes (AdjacencyCache)'),
                    ('/nn/Workspace', 'model: workspace'), ('/nn/', 'model: layer buffers'), ('/model/', 'model: layer buffers'),
                    ('/data/', 'dataset, graph, materialiser'), ('BatchMaterializer', 'dataset, graph, materialiser'),
                    ('SplitBatches', 'dataset, graph, materialiser'), ('influence', 'PPR (validation plan)')]
            for key, cat in prio:
                if any(key in nm and (key != 'Batch' or ('batching/Batch' in nm and 'Source' not in nm)) for nm in names):
                    return cat
            # a workspace slot referenced from a running kernel lambda: follow the non-lambda referrer
            rs = [x for x in rs if 'Lambda' not in desc(x[0])] or rs
            cur = rs[0][0]
        return 'other'
    for oid, (t, n) in prim.items():
        cats[owner(oid)] += n * SIZES[t]
    for k, v in cats.most_common():
        print('%8.1f MB  %s' % (v / 2**20, k))
    print('%8.1f MB  total primitive arrays' % (sum(cats.values()) / 2**20))
