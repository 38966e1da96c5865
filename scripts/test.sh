#!/usr/bin/env bash
# Runs every NeuronLab test (unit, NEURON cross-checks, CLI). Sets up the machine first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

results="$(mktemp -d)"
status=0
dotnet test NeuronLab.sln -c Release --no-restore --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line for humans and CI: totals over every test project.
/usr/bin/python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error"))
    skipped += int(c.get("total")) - int(c.get("executed"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
