#!/usr/bin/env bash
# EmrShare build entry point. A newcomer needs only:
#   ./build.sh demo   — run the demo (all actors, embedded chain and storage, no external services)
#   ./build.sh test   — install what the tests need, build, run every test suite, print "N passed, N failed"
# Other verbs: setup, build, cli, contracts, publish, bench [suite ...] [--quick].
# The emrshare an operator runs is artifacts/cli/emrshare (./build.sh build or cli make it): ReadyToRun, so each command starts quickly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG="${CONFIG:-Release}"

log() { printf '\n==> %s\n' "$*" >&2; }

ensure_npm() {
  # npm tools (solc-js, Hardhat + Node 22, js-ipfs) are pinned by package-lock.json.
  local stamp="node_modules/.emrshare-lock.sha256"
  local want; want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "installing npm tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
    echo "$want" > "$stamp"
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's chromium through Playwright (no browser download).
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing chromium (apt)"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    else
      sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    fi
  fi
}

build() {
  log "dotnet build ($CONFIG)"
  dotnet build EmrShare.slnx -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly >&2
}

publish_cli() {
  # ReadyToRun: the CLI and its libraries (Spectre.Console, Nethereum, Firely, ...) are compiled ahead of time, so a
  # one-shot command (an operator's --node call, --help) does not JIT-compile them at every start. Framework-dependent:
  # the machine's .NET runtime runs it. bench/cli-start.sh measures it against the plain builds.
  log "dotnet publish emrshare (ReadyToRun) to artifacts/cli"
  dotnet publish src/EmrShare.Cli/EmrShare.Cli.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$ROOT/artifacts/cli" -nologo -v quiet -clp:ErrorsOnly >&2
}

check_contracts() {
  log "recompiling contracts and checking the committed artifacts"
  node scripts/compile-contracts.mjs --check >&2
}

run_tests() {
  local out="$ROOT/test-output/results"
  rm -rf "$out"; mkdir -p "$out"
  local projects=()
  for proj in tests/*/*.csproj; do
    local name; name="$(basename "$proj" .csproj)"
    [[ "$name" == "EmrShare.TestSupport" ]] && continue
    projects+=("$name")
  done
  local failed_assemblies=0
  for name in "${projects[@]}"; do
    local dll="tests/$name/bin/$CONFIG/net10.0/$name.dll"
    log "testing $name"
    # Each assembly gets a hard wall-clock bound so a hang can never stall CI.
    if ! timeout --signal=KILL "${TEST_ASSEMBLY_TIMEOUT:-1500}" dotnet "$dll" -noColor -result-xml "$out/$name.xml" >&2; then
      failed_assemblies=$((failed_assemblies + 1))
    fi
    if [[ ! -s "$out/$name.xml" ]]; then
      echo "assembly $name produced no results (crashed or timed out)" >&2
      echo "<assemblies><assembly name=\"$name\" total=\"1\" passed=\"0\" failed=\"1\" skipped=\"0\"/></assemblies>" > "$out/$name.xml"
    fi
  done
  python3 scripts/summarize-tests.py "$out"
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  setup) ensure_npm; ensure_chromium ;;
  build) build; publish_cli ;;
  cli) publish_cli; echo "$ROOT/artifacts/cli/emrshare" ;;
  contracts) ensure_npm; node scripts/compile-contracts.mjs ;;
  test)
    ensure_npm
    # The browser tests drive Debian's chromium; installed once by apt if missing.
    [[ -d tests/EmrShare.Web.BrowserTests ]] && ensure_chromium
    check_contracts
    build
    run_tests
    ;;
  demo)
    # The demo is one long-running process, so it gains nothing from the ReadyToRun publish: the Release build runs it.
    CONFIG=Release build
    dotnet "src/EmrShare.Cli/bin/Release/net10.0/emrshare.dll" demo "$@"
    if [[ " $* " != *" --web "* ]]; then
      echo
      echo "Next: ./build.sh demo --web  — the same actors as web hosts (Main, Hospital A and B, patient wallet dashboards, REST API at /scalar)."
    fi
    ;;
  publish)
    # A self-contained emrshare for linux-x64 (no .NET needed on the host): artifacts/publish/linux-x64/emrshare.
    log "dotnet publish emrshare (self-contained, linux-x64)"
    dotnet publish src/EmrShare.Cli/EmrShare.Cli.csproj -c Release -r linux-x64 --self-contained true \
      -p:UseAppHost=true -o "$ROOT/artifacts/publish/linux-x64" -nologo -v quiet -clp:ErrorsOnly >&2
    echo "$ROOT/artifacts/publish/linux-x64/emrshare"
    ;;
  bench)
    ensure_npm
    build
    dotnet "bench/EmrShare.Bench/bin/$CONFIG/net10.0/EmrShare.Bench.dll" "$@"
    ;;
  *)
    sed -n '2,6p' "$0"; exit 2 ;;
esac
