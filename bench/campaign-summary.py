#!/usr/bin/env python3
"""Figures of a fault campaign (issue 10) from FaultCampaign's JSON lines.

usage: bench/campaign-summary.py LABEL=FILE.jsonl [LABEL=FILE.jsonl ...]
Files with the same label are counted together (e.g. two witness-off streams). Prints one
markdown table over the labels, then the rounds that were not ok and why.
"""
import collections
import json
import re
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def summary(rounds):
    kinds = collections.Counter()
    for r in rounds:
        for f in r["faults"]:
            kinds[re.match(r"[A-Z_]+", f).group(0)] += 1
    ok = [r for r in rounds if r["ok"]]
    harness = [r for r in rounds if r["problem"].startswith("harness")]
    checked = [r for r in rounds if not r["problem"].startswith("harness")]
    recovery = collections.Counter()
    fallback = 0
    for r in rounds:
        for a in r["actions"]:
            if "RECOVERY" in a:
                recovery[a.split(":")[0]] += 1
            elif "FALLBACK" in a:
                fallback += 1
    duals = [r["longestDualMs"] for r in checked if r["longestDualMs"] >= 0]
    return {
        "rounds": len(rounds),
        "ok": len(ok),
        "harness": len(harness),
        "faults": dict(sorted(kinds.items())),
        "lost": sum(max(0, r["usersLost"]) for r in checked),
        "doubled": sum(max(0, r["doubledAfterSettle"]) for r in checked),
        "longestDual": max(duals) if duals else 0,
        "roundsWithDual": sum(1 for d in duals if d > 0),
        "recoveryRounds": sum(1 for r in rounds if any("RECOVERY" in a for a in r["actions"])),
        "recoveryFrom": dict(recovery),
        "fallbacks": fallback,
        "notM1": sum(1 for r in checked if not r["reachedM1"]),
        "storesDiffer": sum(1 for r in checked if r["reachedM1"] and not r["storesEqual"]),
        "medianRoundS": sorted(r["durationMs"] for r in rounds)[len(rounds) // 2] / 1000 if rounds else 0,
    }


def main(args):
    groups = collections.OrderedDict()
    for a in args:
        label, _, path = a.partition("=")
        groups.setdefault(label, []).extend(load(path))
    sums = {k: summary(v) for k, v in groups.items()}
    rows = [
        ("rounds", "rounds"), ("ok", "rounds ok"), ("harness", "rounds lost to the harness"),
        ("faults", "faults by kind"), ("lost", "users lost"), ("doubled", "users doubled after settling"),
        ("longestDual", "longest dual-active window (ms)"), ("roundsWithDual", "rounds with any dual-active time"),
        ("recoveryRounds", "rounds needing a manual Recovery"), ("recoveryFrom", "... in rows"),
        ("fallbacks", "manual fallbacks applied"), ("notM1", "rounds not back to M1"),
        ("storesDiffer", "rounds with stores differing at the end"), ("medianRoundS", "median round (s)"),
    ]
    print("| | " + " | ".join(sums) + " |")
    print("|---|" + "---|" * len(sums))
    for key, name in rows:
        cells = []
        for s in sums.values():
            v = s[key]
            cells.append(", ".join(f"{k} {n}" for k, n in v.items()) if isinstance(v, dict) else str(v))
        print(f"| {name} | " + " | ".join(cells) + " |")
    for label, rounds in groups.items():
        for r in rounds:
            if not r["ok"]:
                print(f"\n{label} seed {r['seed']}: {r['problem']} (faults {r['faults']}, rows {r['rowsSeen']}, "
                      f"actions {r['actions']})")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1:])
