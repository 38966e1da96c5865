#!/usr/bin/env bash
# Installs what NeuronLab's tests and experiments need on a Debian machine, then restores NuGet packages.
# Idempotent: Debian packages already present are not fetched again. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each file in scripts/packages/ lists the Debian packages one part of NeuronLab needs (# starts a comment).
mapfile -t DEBIAN_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/packages/*.txt | sort -u)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: restoring NuGet packages"
dotnet restore NeuronLab.sln --verbosity quiet
