#!/usr/bin/env python3
"""jfr-hot.py: the hottest frames of a JFR recording, as text (for BENCHMARKS.md findings).

Usage: bench/jfr-hot.py FILE.jfr [--top N] [--thread SUBSTRING] [--since-ms T0 --until-ms T1]
Prints, from jdk.ExecutionSample: samples per thread (name with digits folded), top frames by
self samples and by inclusive samples (share of all samples), and the top 3-frame stacks;
from jdk.JavaMonitorEnter and jdk.ThreadPark: total blocked time per monitor/parked-on class
and the top waiting frames; from jdk.GarbageCollection: count and summed pause.
Needs `jfr` (the JDK's) on PATH. Time filters are epoch milliseconds of the samples.
"""
import argparse, collections, json, re, subprocess, sys, datetime

def events(path, kinds):
    out = subprocess.run(["jfr", "print", "--json", "--events", ",".join(kinds), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

def frame_name(f):
    m = f["method"]
    t = m["type"]["name"]
    t = re.sub(r"^io/grpc/netty/shaded/", "", t)
    return f"{t}.{m['name']}".replace("/", ".")

def epoch_ms(ts):
    # "2026-12-02T22:51:20.123456789Z" style
    s = ts.rstrip("Z")
    if "." in s:
        a, b = s.split(".")
        s = a + "." + b[:6]
    return datetime.datetime.fromisoformat(s).replace(tzinfo=datetime.timezone.utc).timestamp() * 1000

def thread_name(e, key="sampledThread"):
    t = e["values"].get(key) or e["values"].get("eventThread") or {}
    n = (t or {}).get("javaName") or (t or {}).get("osName") or "?"
    return re.sub(r"\d+", "N", n)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--thread", default=None)
    ap.add_argument("--since-ms", type=float, default=None)
    ap.add_argument("--until-ms", type=float, default=None)
    a = ap.parse_args()

    def keep(e, key="sampledThread"):
        if a.thread and a.thread not in thread_name(e, key):
            return False
        if a.since_ms is not None or a.until_ms is not None:
            t = epoch_ms(e["values"]["startTime"])
            if a.since_ms is not None and t < a.since_ms:
                return False
            if a.until_ms is not None and t > a.until_ms:
                return False
        return True

    ev = [e for e in events(a.file, ["jdk.ExecutionSample"]) if keep(e)]
    n = len(ev)
    print(f"== {a.file}: {n} execution samples" + (f" (threads matching '{a.thread}')" if a.thread else ""))
    if n:
        th = collections.Counter(thread_name(e) for e in ev)
        print("-- by thread")
        for k, v in th.most_common(a.top):
            print(f"{v:6d} {100*v/n:5.1f}%  {k}")
        selfc, incl, stacks = collections.Counter(), collections.Counter(), collections.Counter()
        for e in ev:
            fr = [frame_name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
            if not fr:
                continue
            selfc[fr[0]] += 1
            for f in set(fr):
                incl[f] += 1
            stacks[" <- ".join(fr[:3])] += 1
        print("-- top self frames")
        for k, v in selfc.most_common(a.top):
            print(f"{v:6d} {100*v/n:5.1f}%  {k}")
        print("-- top inclusive frames (project and library)")
        for k, v in incl.most_common(a.top * 3):
            if k.startswith(("java.lang.Thread.run", "java.util.concurrent.ThreadPoolExecutor", "java.lang.Thread.runWith")):
                continue
            print(f"{v:6d} {100*v/n:5.1f}%  {k}")
        print("-- top inclusive dev.tandem frames")
        for k, v in [(k, v) for k, v in incl.most_common() if k.startswith("dev.tandem")][: a.top]:
            print(f"{v:6d} {100*v/n:5.1f}%  {k}")
        print("-- top 3-frame stacks")
        for k, v in stacks.most_common(a.top):
            print(f"{v:6d} {100*v/n:5.1f}%  {k}")
    for kind, cls_key in (("jdk.JavaMonitorEnter", "monitorClass"), ("jdk.ThreadPark", "parkedClass")):
        ev = [e for e in events(a.file, [kind]) if keep(e, "eventThread")]
        if not ev:
            print(f"-- {kind}: none")
            continue
        def dur(e):
            d = e["values"]["duration"]  # "PT0.02S" style
            m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
            return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0
        by = collections.Counter()
        cnt = collections.Counter()
        where = collections.Counter()
        for e in ev:
            c = (e["values"].get(cls_key) or {}).get("name", "?")
            by[c] += dur(e); cnt[c] += 1
            fr = [frame_name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
            proj = next((f for f in fr if f.startswith("dev.tandem")), fr[0] if fr else "?")
            where[f"{thread_name(e, 'eventThread')} @ {proj}"] += dur(e)
        print(f"-- {kind} (recorded above threshold): {len(ev)} events, {sum(by.values()):.0f} ms total")
        for k, v in by.most_common(a.top):
            print(f"{v:9.0f} ms {cnt[k]:5d}x  {k}")
        print(f"-- {kind}: where (thread @ first project frame)")
        for k, v in where.most_common(a.top):
            print(f"{v:9.0f} ms  {k}")
    gc = events(a.file, ["jdk.GarbageCollection"])
    if gc:
        def d(e):
            m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", e["values"]["sumOfPauses"])
            return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0
        names = collections.Counter(e["values"]["name"] for e in gc)
        print(f"-- GC: {len(gc)} collections {dict(names)}, pauses {sum(d(e) for e in gc):.0f} ms total, "
              f"longest {max(d(e) for e in gc):.0f} ms")

if __name__ == "__main__":
    main()
