#!/usr/bin/env bash
# Fetches real FHIR R4 sample data for the EmrShare.Fhir tests and benchmarks into the git-ignored
# .cache/fhir-samples/ folder: the HL7 R4 example resources and the International Patient Summary IG.
# Idempotent: a package already extracted (stamp file present) is not fetched again.
# Usage: scripts/fetch-fhir-samples.sh   (prints the cache folder on stdout)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/fhir-samples"
mkdir -p "$CACHE"

fetch() {
  local spec="$1" dir="$2"
  local target="$CACHE/$dir"
  if [[ -f "$target/.complete" ]]; then
    return 0
  fi
  local work; work="$(mktemp -d "$CACHE/.work.XXXXXX")"
  # npm pack writes <name>-<version>.tgz into the destination and prints its file name last.
  local tgz
  tgz="$(cd "$work" && npm pack "$spec" --silent --no-audit --no-fund 2>/dev/null | tail -n 1)"
  rm -rf "$target"; mkdir -p "$target"
  tar -xzf "$work/$tgz" -C "$target"
  rm -rf "$work"
  touch "$target/.complete"
}

fetch hl7.fhir.r4.examples@4.0.1 r4-examples >&2
fetch hl7.fhir.uv.ips@2.0.0 ips >&2
echo "$CACHE"
