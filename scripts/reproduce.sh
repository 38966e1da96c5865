#!/usr/bin/env bash
# Reproduces every figure of both papers on the CPU default and writes them to ./out (pass --quick for the CI size).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run -c Release --project reproduce/NeuronLab.Reproduce -- run all --out out "$@"
