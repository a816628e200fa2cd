#!/usr/bin/env python3
"""Where the CPU went in a JFR recording: the share of execution samples whose top frame is each method, and the
share under each of the given package prefixes anywhere in the stack (inclusive).

    bench/jfr-top.py RECORDING.jfr [N] [--thread PREFIX]

Reads `jfr print --events jdk.ExecutionSample --stack-depth 64` (the JDK's own jfr tool).
"""
import collections, re, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
thread = None
if "--thread" in sys.argv:
    thread = sys.argv[sys.argv.index("--thread") + 1]
    args = [a for a in args if a != thread]
rec, top_n = args[0], int(args[1]) if len(args) > 1 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", rec],
                      capture_output=True, text=True, check=True).stdout
samples = text.split("jdk.ExecutionSample {")[1:]
tops, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
n = 0
for s in samples:
    m = re.search(r'sampledThread = "([^"]*)"', s)
    name = m.group(1) if m else "?"
    if thread and not name.startswith(thread):
        continue
    frames = re.findall(r"^\s+([\w$.<>/]+)\(.*line:", s, re.M)
    if not frames:
        continue
    n += 1
    threads[re.sub(r"-\d+$", "", name)] += 1
    tops[frames[0]] += 1
    for f in set(frames):
        for key in ("MediaStream.tick", "MediaStream.send", "MediaStream.received", "MediaStream.write", "Pacer.fire",
                    "RtpPacketDecoder", "epoll", "DatagramChannel", "sip.", "jain", "HdrHistogram", "Sampler.take"):
            if key in f:
                inclusive[key] += 1
print(f"{n} samples" + (f" on threads {thread}*" if thread else ""))
print("by thread:", ", ".join(f"{t} {100 * c / n:.0f}%" for t, c in threads.most_common(6)))
print("\ntop frames (self):")
for f, c in tops.most_common(top_n):
    print(f"  {100 * c / n:5.1f}%  {f}")
print("\ninclusive (anywhere in the stack; a sample may count under several):")
for k, c in inclusive.most_common():
    print(f"  {100 * c / n:5.1f}%  {k}")
