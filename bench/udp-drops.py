#!/usr/bin/env python3
"""Counts the UDP packets the kernel dropped on each process's own sockets (the 'drops' column of /proc/net/udp and
udp6: a full receive buffer), sampling twice a second until SIGTERM, when it prints one line per process:
'NAME drops N sockets M'. A socket's count is its largest seen, so sockets that close mid-run (a call's) still count.

    bench/udp-drops.py NAME=PID [NAME=PID ...] &   ...   kill -TERM $!
"""
import os, signal, sys, time

procs = dict(a.split("=", 1) for a in sys.argv[1:])
seen = {name: {} for name in procs}  # name -> inode -> largest drops seen


def socket_inodes(pid):
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes.add(link[8:-1])
    except OSError:
        pass
    return inodes


def sample():
    drops = {}
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    drops[cols[9]] = int(cols[12])
        except OSError:
            pass
    for name, pid in procs.items():
        for inode in socket_inodes(pid):
            if inode in drops:
                mine = seen[name]
                mine[inode] = max(mine.get(inode, 0), drops[inode])


def report(*_):
    sample()
    for name in procs:
        print(f"{name} drops {sum(seen[name].values())} sockets {len(seen[name])}", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)
while True:
    sample()
    time.sleep(0.5)
