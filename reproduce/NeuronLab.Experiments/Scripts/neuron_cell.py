#!/usr/bin/env python3
"""Builds a NeuronLab cell file (docs/cell-file.md) in NEURON, runs it and writes the probe traces.

Usage: neuron_cell.py CELL.json OUT.csv [--scheme backward-euler|crank-nicolson] [--mechanisms LIB.so] [--bench N]

This is an independent implementation of NeuronLab's documented conventions, written against the cell file and the
SWC file only (nothing of NeuronLab's lowering is passed in), so that validate-neuron checks geometry, branch
cutting, painting and discretisation as well as the numerics:
  * SWC -> frustum segments with the soma conventions of MorphologyBuilder (one-point soma: a cylinder of length 2r
    along y; three-point soma: the cylinder through the three points; closed contour of >= 4 soma samples: a stack
    of frustums along the principal axis; any other soma: ordinary frustums). A segment's proximal radius is its
    parent's, except where the structure type changes (it starts with its own radius).
  * Segments are renumbered depth-first; a branch is a maximal unbranched chain of segments with one tag.
  * One NEURON section per branch, its 3-D points the branch's; nseg from the discretisation (per-segment needs
    equal segment lengths, as NEURON's nseg makes equal pieces); children connect their 0 end to the parent's
    1 end; extra root branches connect to the first root's 0 end.
  * Regions resolve to sets of branches; properties and mechanisms are painted in file order, later values win.
  * Every mechanism comes from LIB.so, compiled by nrnivmodl from the same .mod files NeuronLab reads; catalogue files
    whose SUFFIX clashes with a NEURON built-in (hh, pas) are compiled under another SUFFIX, named by --rename hh=hh_nl. Every mechanism's TABLE is
    switched off (usetable_<suffix> = 0), because NeuronLab evaluates rate functions exactly.
  * Stimuli: step and pulse trains as IClamps. Other waveforms, explicit compartment lists and differing probe
    periods are not supported here and fail with a message.
With --bench N it runs the simulation N times and prints the wall time of each run (seconds) instead of traces;
--tables turns NEURON's rate tables back on (for speed comparisons only).
"""
import argparse
import json
import math
import os
import re
import sys
import time
from collections import defaultdict

SOMA = 1
CONTOUR_SLICES = 10
STANDARD_TAGS = {"soma": 1, "axon": 2, "dend": 3, "apic": 4}


def fail(message):
    sys.stderr.write(f"neuron_cell.py: {message}\n")
    sys.exit(1)


# ---- SWC and morphology (MorphologyBuilder's conventions) ------------------------------------------------------

def read_swc(path):
    samples = []
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split()
        samples.append({"id": int(float(f[0])), "type": int(float(f[1])), "p": (float(f[2]), float(f[3]), float(f[4]), float(f[5])),
                        "parent": int(float(f[6]))})
    return samples


def dist(a, b):
    return math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2)


def with_radius(p, r):
    return (p[0], p[1], p[2], r)


def is_contour(root, soma, children):
    outline = [root]
    current = root
    while True:
        nxt = [c for c in children[current["id"]] if c["type"] == SOMA]
        if not nxt:
            break
        if len(nxt) > 1:
            return None
        current = nxt[0]
        outline.append(current)
    if len(outline) < 4 or len(outline) != len(soma):
        return None
    perimeter = sum(dist(a["p"], b["p"]) for a, b in zip(outline, outline[1:]))
    return outline if dist(outline[-1]["p"], outline[0]["p"]) < 0.1 * perimeter / len(outline) * 2 else None


def contour_to_stack(outline):
    n = len(outline)
    cx = sum(s["p"][0] for s in outline) / n
    cy = sum(s["p"][1] for s in outline) / n
    cz = sum(s["p"][2] for s in outline) / n
    sxx = sum((s["p"][0] - cx) ** 2 for s in outline)
    sxy = sum((s["p"][0] - cx) * (s["p"][1] - cy) for s in outline)
    syy = sum((s["p"][1] - cy) ** 2 for s in outline)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    ax, ay = math.cos(angle), math.sin(angle)
    along = [(s["p"][0] - cx) * ax + (s["p"][1] - cy) * ay for s in outline]
    across = [-(s["p"][0] - cx) * ay + (s["p"][1] - cy) * ax for s in outline]
    lo, hi = min(along), max(along)
    stack = []
    for k in range(CONTOUR_SLICES + 1):
        u = lo + (hi - lo) * k / CONTOUR_SLICES
        crossings = []
        for i in range(n):
            j = (i + 1) % n
            a0, a1 = along[i], along[j]
            if (a0 - u) * (a1 - u) > 0 or a0 == a1:
                continue
            f = (u - a0) / (a1 - a0)
            crossings.append(across[i] + f * (across[j] - across[i]))
        width = max(crossings) - min(crossings) if len(crossings) >= 2 else 0.0
        stack.append((cx + u * ax, cy + u * ay, cz, max(width / 2, 1e-3)))
    return stack


def build_segments(samples):
    """Segments as [parent, proximal, distal, tag] in creation order (before depth-first renumbering)."""
    by_id = {s["id"]: s for s in samples}
    children = defaultdict(list)
    for s in samples:
        children[s["parent"]].append(s)
    roots = [s for s in samples if s["parent"] == -1]
    if len(roots) != 1:
        fail(f"an SWC file needs exactly one root, found {len(roots)}")
    root = roots[0]
    soma = [s for s in samples if s["type"] == SOMA]
    segments = []
    attach = {}

    def add(parent, proximal, distal, tag):
        segments.append([parent, proximal, distal, tag])
        return len(segments) - 1

    handled = []
    special = None
    if root["type"] == SOMA:
        r = root["p"][3]
        x, y, z, _ = root["p"]
        soma_children = [c for c in children[root["id"]] if c["type"] == SOMA]
        if len(soma) == 1:
            centre = add(-1, (x, y - r, z, r), root["p"], SOMA)
            add(centre, root["p"], (x, y + r, z, r), SOMA)
            special = (centre, [root["id"]])
        elif len(soma) == 3 and len(soma_children) == 2 and all(not any(g["type"] == SOMA for g in children[c["id"]]) for c in soma_children):
            a, b = soma_children
            centre = add(-1, with_radius(a["p"], r), root["p"], SOMA)
            add(centre, root["p"], with_radius(b["p"], r), SOMA)
            special = (centre, [root["id"], a["id"], b["id"]])
        else:
            outline = is_contour(root, soma, children)
            if outline is not None:
                stack = contour_to_stack(outline)
                half = len(stack) // 2
                previous, centre = -1, -1
                for i in range(len(stack) - 1):
                    previous = add(previous, stack[i], stack[i + 1], SOMA)
                    if i + 1 == half:
                        centre = previous
                special = (centre, [s["id"] for s in outline])
    if special is not None:
        for sid in special[1]:
            attach[sid] = special[0]
            handled.append(sid)
    else:
        handled.append(root["id"])
        attach[root["id"]] = -1
    handled_set = set(handled)
    queue = [c["id"] for sid in handled for c in children[sid] if c["id"] not in handled_set]
    head = 0
    while head < len(queue):
        sample = by_id[queue[head]]
        head += 1
        parent = by_id[sample["parent"]]
        parent_segment = attach[parent["id"]]
        if parent_segment >= 0 and parent["type"] == SOMA and segments[parent_segment][3] == SOMA and parent["type"] != sample["type"]:
            start = segments[parent_segment][2]
        else:
            start = parent["p"]
        radius = parent["p"][3] if parent["type"] == sample["type"] else sample["p"][3]
        attach[sample["id"]] = add(parent_segment, with_radius(start, radius), sample["p"], sample["type"])
        queue.extend(c["id"] for c in children[sample["id"]])
    return segments


def order_depth_first(segments):
    children = defaultdict(list)
    for i, s in enumerate(segments):
        children[s[0]].append(i)
    order, new_id = [], {}
    stack = list(reversed(children[-1]))
    while stack:
        i = stack.pop()
        new_id[i] = len(order)
        order.append(i)
        stack.extend(reversed(children[i]))
    return [[-1 if segments[i][0] < 0 else new_id[segments[i][0]]] + segments[i][1:] for i in order]


def cut_branches(segments):
    """Branches as dicts {parent, segments, tag}: maximal unbranched chains of one tag."""
    child_count = [0] * len(segments)
    for s in segments:
        if s[0] >= 0:
            child_count[s[0]] += 1
    branch_of = [0] * len(segments)
    branches = []
    for i, s in enumerate(segments):
        parent = s[0]
        if parent >= 0 and child_count[parent] == 1 and segments[parent][3] == s[3]:
            branch_of[i] = branch_of[parent]
            branches[branch_of[i]]["segments"].append(i)
        else:
            branch_of[i] = len(branches)
            branches.append({"parent": -1 if parent < 0 else branch_of[parent], "segments": [i], "tag": s[3]})
    return branches


# ---- cell file -------------------------------------------------------------------------------------------------

def nseg_per_branch(cell, segments, branches):
    d = cell["discretization"]
    policy, value = d["policy"], d.get("value")
    lengths = [[dist(segments[s][1], segments[s][2]) for s in b["segments"]] for b in branches]
    total = sum(sum(l) for l in lengths)
    result = []
    for k, ls in enumerate(lengths):
        length = sum(ls)
        if policy == "per-segment":
            if max(ls) - min(ls) > 1e-9 * max(ls):
                fail(f"branch {k}: per-segment discretisation with unequal segments has no NEURON nseg")
            result.append(len(ls))
        elif policy == "per-branch":
            result.append(int(value))
        elif policy == "max-length":
            result.append(max(1, int(math.ceil(length / value))))
        elif policy == "fixed-count":
            result.append(max(1, int(round(value * length / total))))
        else:
            fail(f"unknown discretisation policy {policy}")
    return result


def region_branches(region, cell, branches, depth=0):
    if depth > 50:
        fail("regions refer to each other in a loop")
    everything = set(range(len(branches)))
    if isinstance(region, str):
        if region == "all":
            return everything
        named = cell.get("regions", {})
        if region in named:
            return region_branches(named[region], cell, branches, depth + 1)
        if region in STANDARD_TAGS:
            return {k for k, b in enumerate(branches) if b["tag"] == STANDARD_TAGS[region]}
        fail(f"unknown region {region}")
    if "tags" in region:
        return {k for k, b in enumerate(branches) if b["tag"] in region["tags"]}
    if "branches" in region:
        return set(region["branches"])
    if "union" in region:
        out = set()
        for part in region["union"]:
            out |= region_branches(part, cell, branches, depth + 1)
        return out
    fail(f"region {region} is not supported on a morphology")


RENAMES = {}  # catalogue name -> suffix NEURON knows it by (--rename), for files whose SUFFIX clashes with a built-in


def suffix_of(mechanism, base):
    if "name" in mechanism:
        return RENAMES.get(mechanism["name"], mechanism["name"])
    text = open(os.path.join(base, mechanism["mod"])).read()
    m = re.search(r"\bSUFFIX\s+(\w+)", text)
    if not m:
        fail(f"{mechanism['mod']}: no SUFFIX")
    return m.group(1)


def build(cell, base, h):
    if "swc" not in cell["morphology"]:
        fail("only SWC morphologies can be built in NEURON by this script")
    segments = order_depth_first(build_segments(read_swc(os.path.join(base, cell["morphology"]["swc"]))))
    branches = cut_branches(segments)
    nsegs = nseg_per_branch(cell, segments, branches)

    # Painting, per branch, in file order.
    props = [{"cm": 1.0, "Ra": 35.4, "v_init": -65.0, "reversal": {}, "mechs": {}} for _ in branches]
    for p in cell.get("properties", []):
        for k in region_branches(p.get("region", "all"), cell, branches):
            for key in ("cm", "Ra", "v_init"):
                if key in p:
                    props[k][key] = p[key]
            props[k]["reversal"].update(p.get("reversal", {}))
    for m in cell["mechanisms"]:
        suffix = suffix_of(m, base)
        for k in region_branches(m.get("region", "all"), cell, branches):
            props[k]["mechs"].setdefault(suffix, {}).update(m.get("parameters", {}))

    sections = []
    for k, b in enumerate(branches):
        sec = h.Section(name=f"b{k}")
        first = segments[b["segments"][0]]
        points = [first[1]] + [segments[s][2] for s in b["segments"]]
        for x, y, z, r in points:
            h.pt3dadd(x, y, z, 2 * r, sec=sec)
        sec.nseg = nsegs[k]
        sec.cm = props[k]["cm"]
        sec.Ra = props[k]["Ra"]
        for suffix, params in props[k]["mechs"].items():
            sec.insert(suffix)
            for name, value in params.items():
                for seg in sec:
                    try:
                        setattr(seg, f"{name}_{suffix}", value)
                    except (AttributeError, LookupError, NameError):
                        setattr(h, f"{name}_{suffix}", value)  # a GLOBAL in NEURON
        for ion, value in props[k]["reversal"].items():
            for seg in sec:
                if hasattr(seg, "e" + ion):
                    setattr(seg, "e" + ion, value)
        sections.append(sec)
    roots = [k for k, b in enumerate(branches) if b["parent"] < 0]
    for k, b in enumerate(branches):
        if b["parent"] >= 0:
            sections[k].connect(sections[b["parent"]](1), 0)
        elif k != roots[0]:
            sections[k].connect(sections[roots[0]](0), 0)
    v_inits = {p["v_init"] for p in props}
    if len(v_inits) != 1:
        fail("NEURON's finitialize takes one initial voltage; the cell paints several")
    suffixes = {s for p in props for s in p["mechs"]}
    for s in suffixes:
        if hasattr(h, f"usetable_{s}"):
            setattr(h, f"usetable_{s}", 0)
    return sections, v_inits.pop(), suffixes


def add_stimuli(cell, sections, h):
    """The cell file's step and pulse-train stimuli as IClamps on `sections`; returns them (keep them alive)."""
    stims = []
    for s in cell.get("stimuli", []):
        w, at, gain = s["waveform"], s["location"], s.get("gain", 1.0)
        if "branch" not in at:
            fail(f"stimulus {s['name']}: only branch locations")
        pulses = {"step": lambda: [(w["start"], w["duration"])],
                  "pulses": lambda: [(w["start"] + k * w["period"], w["duration"]) for k in range(w["count"])]}
        if w["kind"] not in pulses:
            fail(f"stimulus {s['name']}: waveform {w['kind']} is not supported by this script (step, pulses)")
        for start, duration in pulses[w["kind"]]():
            ic = h.IClamp(sections[at["branch"]](at["x"]))
            ic.delay, ic.dur, ic.amp = start, duration, w["amplitude"] * gain
            stims.append(ic)
    return stims


def probe_every(cell):
    """Steps between recorded samples (one period for all probes)."""
    sim = cell["simulation"]
    periods = {p.get("period", 0) or sim["dt"] for p in cell["probes"]}
    if len(periods) != 1:
        fail("probes with different periods are not supported by this script")
    return int(round(periods.pop() / sim["dt"]))


def record_probes(cell, sections, base, h):
    """One recording Vector per probe of the cell file, in file order."""
    vectors = []
    for p in cell["probes"]:
        seg = sections[p["location"]["branch"]](p["location"]["x"])
        q = p.get("quantity", "v")
        variable = "v" if q == "v" else f"{q['state']}_{suffix_of({'name': q['mechanism']}, base)}"
        vec = h.Vector()
        vec.record(getattr(seg, "_ref_" + variable))
        vectors.append(vec)
    return vectors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cell")
    parser.add_argument("out")
    parser.add_argument("--scheme", default=None)
    parser.add_argument("--mechanisms", default=None)
    parser.add_argument("--bench", type=int, default=0)
    parser.add_argument("--tables", action="store_true", help="keep NEURON's rate tables on (speed comparison only)")
    parser.add_argument("--rename", action="append", default=[], help="NAME=SUFFIX: a catalogue mechanism compiled under another SUFFIX")
    args = parser.parse_args()
    for pair in args.rename:
        name, suffix = pair.split("=", 1)
        RENAMES[name] = suffix
    from neuron import h
    if args.mechanisms:
        h.nrn_load_dll(args.mechanisms)
    cell = json.load(open(args.cell))
    base = os.path.dirname(os.path.abspath(args.cell))
    sections, v_init, suffixes = build(cell, base, h)
    if args.tables:
        for s in suffixes:
            if hasattr(h, f"usetable_{s}"):
                setattr(h, f"usetable_{s}", 1)
    h.celsius = cell.get("temperature", 6.3)
    sim = cell["simulation"]
    scheme = args.scheme or sim.get("scheme", "backward-euler")
    h.dt = sim["dt"]
    h.secondorder = {"backward-euler": 0, "crank-nicolson": 2}[scheme]
    steps = int(round(sim["tstop"] / sim["dt"]))

    stims = add_stimuli(cell, sections, h)

    if args.bench:
        for _ in range(args.bench):
            h.finitialize(v_init)
            start = time.perf_counter()
            for _ in range(steps):
                h.fadvance()
            print(time.perf_counter() - start)
        return

    probes = cell["probes"]
    every = probe_every(cell)
    vectors = record_probes(cell, sections, base, h)
    h.finitialize(v_init)
    for _ in range(steps):
        h.fadvance()
    with open(args.out, "w") as f:
        f.write(",".join(["t"] + [p["name"] for p in probes]) + "\n")
        for i in range(0, steps + 1, every):
            f.write(",".join(repr(v) for v in [i * sim["dt"]] + [vec[i] for vec in vectors]) + "\n")
    area = sum(seg.area() for sec in sections for seg in sec)
    print(json.dumps({"sections": len(sections), "nodes": sum(sec.nseg for sec in sections), "total_area_um2": area,
                      "mechanisms": sorted(suffixes)}))


if __name__ == "__main__":
    main()
