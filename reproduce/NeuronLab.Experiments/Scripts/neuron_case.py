#!/usr/bin/env python3
"""Runs one NeuronLab validation case in NEURON and writes the probe traces.

Usage: neuron_case.py CASE.json OUT.csv [--bench REPEATS]

CASE.json (written by NeuronLab's validate-neuron / bench experiments) describes the cell branch by branch,
with the same 3-D points NeuronLab uses, so both simulators start from identical geometry and compute areas and
axial resistances themselves:
  {"celsius", "dt", "tstop", "secondorder", "v_init", "usetable",
   "branches": [{"parent": -1|index, "points": [[x,y,z,diam],...], "nseg", "cm", "Ra",
                 "mechanisms": {"hh": {"gnabar": ..}, ...}, "ions": {"ena": 50, ...}}],
   "mod_dir": null | "path with compiled x86_64/.libs/libnrnmech.so",
   "stimuli": [{"branch", "x", "del", "dur", "amp"}],
   "probes": [{"name", "branch", "x", "variable": "v" | "m_hh" ...}]}
A branch whose parent is -1 and that is not the first root is connected to the first root's 0 end (a root
junction, as NeuronLab lowers it). Children connect their 0 end to their parent's 1 end.
With --bench N it runs the simulation N times and prints the wall time of each run (seconds) instead of traces.
"""
import json
import sys
import time

from neuron import h


def build(case):
    if case.get("mod_dir"):
        h.nrn_load_dll(case["mod_dir"])
    sections = []
    for k, b in enumerate(case["branches"]):
        sec = h.Section(name=f"b{k}")
        for x, y, z, d in b["points"]:
            h.pt3dadd(x, y, z, d, sec=sec)
        sec.nseg = b["nseg"]
        sec.cm = b["cm"]
        sec.Ra = b["Ra"]
        for mech, params in b["mechanisms"].items():
            sec.insert(mech)
            for name, value in params.items():
                for seg in sec:
                    setattr(seg, f"{name}_{mech}", value)
        for ion, value in b.get("ions", {}).items():
            for seg in sec:
                setattr(seg, ion, value)
        sections.append(sec)
    first_root = next(k for k, b in enumerate(case["branches"]) if b["parent"] < 0)
    for k, b in enumerate(case["branches"]):
        if b["parent"] >= 0:
            sections[k].connect(sections[b["parent"]](1), 0)
        elif k != first_root:
            sections[k].connect(sections[first_root](0), 0)
    h.define_shape()  # keeps our pt3d points; computes nothing new for sections that have them
    return sections


def main():
    case = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    bench = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--bench" else 0
    sections = build(case)
    h.celsius = case["celsius"]
    usetable = 1 if case.get("usetable") else 0
    for name in ("usetable_hh",):
        if hasattr(h, name):
            setattr(h, name, usetable)
    stims = []
    for s in case["stimuli"]:
        ic = h.IClamp(sections[s["branch"]](s["x"]))
        ic.delay, ic.dur, ic.amp = s["del"], s["dur"], s["amp"]
        stims.append(ic)
    h.dt = case["dt"]
    h.secondorder = case["secondorder"]
    steps = int(round(case["tstop"] / case["dt"]))

    if bench:
        for _ in range(bench):
            h.finitialize(case["v_init"])
            start = time.perf_counter()
            for _ in range(steps):
                h.fadvance()
            print(time.perf_counter() - start)
        return

    vectors = []
    for p in case["probes"]:
        seg = sections[p["branch"]](p["x"])
        vec = h.Vector()
        vec.record(getattr(seg, "_ref_" + p["variable"]))
        vectors.append(vec)
    tvec = h.Vector()
    tvec.record(h._ref_t)
    h.finitialize(case["v_init"])
    for _ in range(steps):
        h.fadvance()
    with open(out, "w") as f:
        f.write(",".join(["t"] + [p["name"] for p in case["probes"]]) + "\n")
        for i in range(len(tvec)):
            f.write(",".join(repr(v) for v in [tvec[i]] + [vec[i] for vec in vectors]) + "\n")
    # Geometry NEURON computed, for diagnosing differences: total area.
    area = sum(seg.area() for sec in sections for seg in sec)
    print(json.dumps({"total_area_um2": area, "nodes": sum(sec.nseg for sec in sections)}))


if __name__ == "__main__":
    main()
