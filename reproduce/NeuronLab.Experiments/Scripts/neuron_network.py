#!/usr/bin/env python3
"""Builds a NeuronLab network file (docs/network-file.md) in NEURON, runs it and writes traces and spike times.

Usage: neuron_network.py NET.json OUT.csv [--scheme backward-euler|crank-nicolson] [--mechanisms LIB.so] [--rename NAME=SUFFIX]

Each cell is a copy of the network's cell file built by neuron_cell.build; the cell file's stimuli go to the cells
listed in "stimulated" (all when absent). Synapses are NEURON's built-in ExpSyn, detectors and connections NetCons
(threshold at the detector's segment, delay, weight). The CSV has a column "<cell>.<probe>" per cell and probe; the
last stdout line is JSON: {"spikes": {detector: [[times of cell 0], [times of cell 1], ...]}}.
"""
import argparse
import json
import os

import neuron_cell as nc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("network")
    parser.add_argument("out")
    parser.add_argument("--scheme", default=None)
    parser.add_argument("--mechanisms", default=None)
    parser.add_argument("--rename", action="append", default=[])
    args = parser.parse_args()
    for pair in args.rename:
        name, suffix = pair.split("=", 1)
        nc.RENAMES[name] = suffix
    from neuron import h
    if args.mechanisms:
        h.nrn_load_dll(args.mechanisms)
    net = json.load(open(args.network))
    net_base = os.path.dirname(os.path.abspath(args.network))
    cell_path = os.path.join(net_base, net["cell"])
    cell = json.load(open(cell_path))
    base = os.path.dirname(os.path.abspath(cell_path))
    count = net["cells"]
    stimulated = set(net.get("stimulated", range(count)))

    cells, keep = [], []
    v_init = None
    for k in range(count):
        sections, v_init, _ = nc.build(cell, base, h)
        cells.append(sections)
        if k in stimulated:
            keep.extend(nc.add_stimuli(cell, sections, h))

    def segment(sections, at):
        if "branch" not in at:
            nc.fail("network locations must be branch locations in this script")
        return sections[at["branch"]](at["x"])

    synapses = {}
    for k, sections in enumerate(cells):
        for s in net.get("synapses", []):
            syn = h.ExpSyn(segment(sections, s["location"]))
            syn.tau, syn.e = s.get("tau", 2.0), s.get("e", 0.0)
            synapses[(k, s["name"])] = syn
    detectors = {d["name"]: d for d in net.get("detectors", [])}
    recorders = {name: [] for name in detectors}
    for k, sections in enumerate(cells):
        for name, d in detectors.items():
            seg = segment(sections, d["location"])
            nc_rec = h.NetCon(seg._ref_v, None, sec=seg.sec)
            nc_rec.threshold = d.get("threshold", -10.0)
            times = h.Vector()
            nc_rec.record(times)
            keep.append(nc_rec)
            recorders[name].append(times)
    for c in net.get("connections", []):
        d = detectors[c["detector"]]
        seg = segment(cells[c["source"]], d["location"])
        con = h.NetCon(seg._ref_v, synapses[(c["target"], c["synapse"])], sec=seg.sec)
        con.threshold = d.get("threshold", -10.0)
        con.delay = c["delay"]
        con.weight[0] = c["weight"]
        keep.append(con)

    h.celsius = cell.get("temperature", 6.3)
    sim = cell["simulation"]
    h.dt = sim["dt"]
    h.secondorder = {"backward-euler": 0, "crank-nicolson": 2}[args.scheme or sim.get("scheme", "backward-euler")]
    steps = int(round(sim["tstop"] / sim["dt"]))
    every = nc.probe_every(cell)
    vectors = [nc.record_probes(cell, sections, base, h) for sections in cells]
    h.finitialize(v_init)
    for _ in range(steps):
        h.fadvance()
    names = [f"{k}.{p['name']}" for k in range(count) for p in cell["probes"]]
    with open(args.out, "w") as f:
        f.write(",".join(["t"] + names) + "\n")
        for i in range(0, steps + 1, every):
            row = [i * sim["dt"]] + [vec[i] for per_cell in vectors for vec in per_cell]
            f.write(",".join(repr(v) for v in row) + "\n")
    print(json.dumps({"spikes": {name: [list(v) for v in vs] for name, vs in recorders.items()}}))


if __name__ == "__main__":
    main()
