#!/usr/bin/env bash
# Installs the Debian packages Corridor needs to build, test and benchmark.
# Idempotent: only missing packages are installed, so `make` stays fast on a
# machine that already has them.
set -euo pipefail

packages=(
  build-essential cmake g++ make pkg-config
  libabsl-dev         # core containers (flat_hash_map) — the core's only non-std dependency
  libcli11-dev        # the `corridor` command line
  libtomlplusplus-dev # scenario and service configuration
  libfmt-dev          # output formatting
  libssl-dev          # SHA-256 of the journal's hash chain; TLS and Ed25519 (OpenSSL 3)
  libboost-dev        # Boost.Asio and Boost.Beast (header-only): the HTTPS service
  libxxhash-dev       # XXH3 checksums of journal records and snapshots
  libpugixml-dev      # ISO 20022 XML parsing (no DTD, no external entities)
  nlohmann-json3-dev  # corridor iso render: messages described in JSON
  libxml2-utils       # xmllint: tests validate rendered messages against the official XSDs
  openssl jq xxd      # tests: receipts checked with openssl alone, as docs/receipts.md shows
  curl                # tests: a real HTTPS client for the service, as docs/api.md shows
  libgtest-dev libgmock-dev
  libbenchmark-dev    # bench/ (corridor_bench)
  chromium            # tests: the simulator's HTML report opened headless (screenshot test)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
