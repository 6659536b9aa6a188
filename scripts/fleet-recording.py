#!/usr/bin/env python3
# A recording of N nodes (default 1,000,000, of 20,000 operators) with two heartbeats each: a header, the
# nodes, then two rounds of heartbeats. Usage: scripts/fleet-recording.py [N] [OUT=/tmp/fleet-1m.jsonl]
import random, sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = open(sys.argv[2] if len(sys.argv) > 2 else '/tmp/fleet-1m.jsonl', 'w')
r = random.Random(7)
t0 = 1767225600000
regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south", "sa-east"]
classes = ["server", "desktop", "phone", "gpu"]
out.write('{"type":"header","v":1,"source":"gen1m","created":%d,"note":"%d nodes, 2 heartbeats each"}\n' % (t0, n))
seq = 0
buf = []
for i in range(n):
    seq += 1
    c = classes[i % 4]
    g = 1 if c == "gpu" else 0
    buf.append('{"type":"node","seq":%d,"ts":%d,"id":"node-%07d","operator":"op-%05d","region":"%s","class":"%s","cpu_cores":%d,"mem_gb":%d,"gpus":%d,"version":"1.5.%d"}\n'
               % (seq, t0, i, r.randrange(20000), regions[i % 6], c, 16, 64, g, i % 3))
    if len(buf) > 10000: out.write(''.join(buf)); buf = []
for rnd in range(2):
    for i in range(n):
        seq += 1
        ts = t0 + 1000 + rnd * 10000 + (i * 10000) // n
        buf.append('{"type":"heartbeat","seq":%d,"ts":%d,"id":"node-%07d","cpu":%.4f,"mem":%.4f,"tasks":%d}\n' % (seq, ts, i, r.random(), r.random(), r.randrange(8)))
        if len(buf) > 10000: out.write(''.join(buf)); buf = []
out.write(''.join(buf))
