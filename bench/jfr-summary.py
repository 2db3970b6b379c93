#!/usr/bin/env python3
"""Summarizes a JFR recording of runbookd: CPU samples per thread, by what the thread was doing.

  jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr > rec.txt
  bench/jfr-summary.py rec.txt

bench/ingest.sh does both with PROFILE=1. Each sample is put in the first category (in the
order below) that any of its frames belongs to.
"""
import collections
import re
import sys


def events(path):
    """Yields {'thread', 'frames'} for each jdk.ExecutionSample of a `jfr print` text."""
    cur=None
    for line in open(path):
        line=line.rstrip()
        if line.startswith('jdk.ExecutionSample'):
            cur={'thread':None,'frames':[]}
        elif cur is not None and 'sampledThread' in line:
            cur['thread']=re.search(r'"([^"]+)"',line).group(1)
        elif cur is not None and line.startswith('    ') and not line.strip().startswith(('startTime','state','stackTrace')) and line.strip()!=']':
            cur['frames'].append(line.strip())
        elif cur is not None and line=='}':
            yield cur; cur=None
CATS=[
 ('H2 page read/deserialize (cache miss)', r'org\.h2\.mvstore\.(FileStore|MVStore)\.readPage|Page\.read\('),
 ('H2 commit: serialize+write chunk', r'org\.h2\.mvstore\.MVStore\.(commit|store)|FileStore\.(storeIt|serializeAndStore|storeBuffer)'),
 ('H2 insert/index/FK maintenance', r'org\.h2\.'),
 ('Hikari/JDBC wrapper', r'com\.zaxxer'),
 ('CEL rule matching', r'dev\.cel\.|io\.runbookd\.rules\.'),
 ('JSON parse of the body', r'io\.runbookd\.ingest\.PayloadParser|io\.runbookd\.ingest\.(AlertReader|Fields)'),
 ('JSON labels/annotations (writer)', r'IncidentWriter\.toJson'),
 ('Jackson other', r'com\.fasterxml'),
 ('SHA-256 incident id', r'EpisodeKey|MessageDigest'),
 ('Micrometer', r'io\.micrometer'),
 ('runbookd other', r'io\.runbookd\.'),
 ('Netty/Vert.x HTTP', r'io\.netty|io\.vertx'),
]
def cat(frames):
    # the innermost frame belonging to a category wins, searching categories in order
    text='\n'.join(frames)
    for name,rx in CATS:
        if re.search(rx,text): return name
    return 'other: '+(frames[0] if frames else '?')
for path in sys.argv[1:]:
    per=collections.defaultdict(collections.Counter); tot=collections.Counter()
    for e in events(path):
        t=e['thread'] or '?'
        t=re.sub(r'-\d+$','-*',t)  # pools: event loops, engine workers, probe waiters
        tot[t]+=1; per[t][cat(e['frames'])]+=1
    n=sum(tot.values())
    print('##',path,'samples',n)
    for t,c in tot.most_common(6):
        print(f'  {t}: {c} samples ({100*c/n:.0f}% of all)')
        for k,v in per[t].most_common(7):
            print(f'      {100*v/c:5.1f}%  {k}')
