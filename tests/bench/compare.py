#!/usr/bin/python3
"""compare.py [DIR] - the tables of compare.sh: for each configuration, the
new/old time of every row that both builds' bench.m printed, per side.
"ours" and "core" are the toolbox (through Octave, and its C core alone);
"plain", "torch" and "dnnl" run the same code in both builds, so their
spread is the noise of the machine at that moment."""
import os
import statistics
import sys

SIDES = ("ours", "core", "plain", "torch", "dnnl")


def rows(path):
    """{(shape, cell, dir, prec, mode): {side: ms}} of a bench.m log"""
    out = {}
    for line in open(path):
        if not line.startswith("| ") or line.startswith("| shape"):
            continue
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        vals = []
        for x in c[5:10]:
            try:
                vals.append(float(x))
            except ValueError:
                vals.append(float("nan"))
        out[tuple(c[:5])] = dict(zip(SIDES, vals))
    return out


def quantile(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]


def main(d):
    every = {s: [] for s in SIDES}
    for kernels in ("configured", "best"):
        for t in ("1", "2"):
            paths = [os.path.join(d, "compare-%s-%s-%s.log" % (side, kernels, t))
                     for side in ("old", "new")]
            if not all(os.path.exists(p) for p in paths):
                continue
            old, new = rows(paths[0]), rows(paths[1])
            keys = [k for k in old if k in new]
            if not keys:
                continue
            print("## %s kernels, %s thread(s): %d rows" % (kernels, t, len(keys)))
            print("| side | median new/old | 10% | 90% | min | max | rows > 1.10 | rows < 0.90 |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for s in SIDES:
                v = [new[k][s] / old[k][s] for k in keys if old[k][s] > 0 and new[k][s] > 0]
                if not v:
                    continue
                every[s] += v
                print("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %d | %d |"
                      % (s, statistics.median(v), quantile(v, .1), quantile(v, .9),
                         min(v), max(v), sum(x > 1.1 for x in v), sum(x < 0.9 for x in v)))
            worst = sorted(keys, key=lambda k: -new[k]["ours"] / old[k]["ours"])[:4]
            print("slowest rows of ours (new/old of ours, core): "
                  + "; ".join("%s %.2f %.2f" % (" ".join(k), new[k]["ours"] / old[k]["ours"],
                                               new[k]["core"] / old[k]["core"]) for k in worst))
            print()
    print("## all configurations")
    for s in SIDES:
        if every[s]:
            v = every[s]
            print("%s: %d rows, median %.3f, 10%% %.3f, 90%% %.3f"
                  % (s, len(v), statistics.median(v), quantile(v, .1), quantile(v, .9)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
