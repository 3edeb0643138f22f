#!/usr/bin/env bash
# CLI start-up, side by side: the Debug build, the Release build and the ReadyToRun publish that ./build.sh makes
# (artifacts/cli/emrshare), each run RUNS times in alternation for `--help` and for `hospital records --node`
# against hospital A of a running `emrshare demo --web` (loopback, operator token). Prints mean and range per
# variant and the ratio to Debug. Needs the three variants built first:
#   dotnet build src/EmrShare.Cli -c Debug && dotnet build src/EmrShare.Cli -c Release && ./build.sh cli
# Usage: bench/cli-start.sh [RUNS]   (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-10}"
WORK="$(mktemp -d)"
DEMO_PID=""
cleanup() { [[ -n "$DEMO_PID" ]] && kill "$DEMO_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

declare -A RUN=(
  [debug]="dotnet $ROOT/src/EmrShare.Cli/bin/Debug/net10.0/emrshare.dll"
  [release]="dotnet $ROOT/src/EmrShare.Cli/bin/Release/net10.0/emrshare.dll"
  [r2r]="$ROOT/artifacts/cli/emrshare"
  [r2r-nopgo]="env DOTNET_TieredPGO=0 $ROOT/artifacts/cli/emrshare"
)
VARIANTS=(debug release r2r r2r-nopgo)
for v in "${VARIANTS[@]}"; do
  [[ -e "${RUN[$v]##* }" ]] || { echo "missing $v build: ${RUN[$v]##* }" >&2; exit 2; }
done

# A running hospital: the demo's hosts (ReadyToRun build), hospital A's admin signs in for a read token.
${RUN[r2r]} demo --web --data "$WORK/demo" > "$WORK/demo.log" 2>&1 &
DEMO_PID=$!
for _ in $(seq 1 600); do grep -q "press" "$WORK/demo.log" && break; sleep 1; done
# The console wraps long lines when redirected: join them, then take hospital A's URL and admin sign-in.
line="$(tr '\n' ' ' < "$WORK/demo.log" | tr -s ' ' | grep -o 'Hospital A .*Hospital B ')" || { cat "$WORK/demo.log" >&2; exit 1; }
NODE="$(grep -o 'http://[^ ]*' <<<"$line" | head -1)"
ADMIN="$(sed -E 's/.*user ([^ ]+) \(admin\) password ([^ ;]+).*/\1/' <<<"$line")"
sed -E 's/.*user ([^ ]+) \(admin\) password ([^ ;]+).*/\2/' <<<"$line" > "$WORK/admin.pw"
${RUN[release]} hospital token create --node "$NODE" --user "$ADMIN" --password-file "$WORK/admin.pw" --out "$WORK/token" > /dev/null \
  || { cat "$WORK/demo.log" >&2; exit 1; }

time_one() { # prints seconds for one run of the given command line
  local start end
  start=$(date +%s.%N); "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; end=$(date +%s.%N)
  echo "$end - $start" | bc
}

declare -A SAMPLES
for i in $(seq 1 "$RUNS"); do
  for v in "${VARIANTS[@]}"; do
    # shellcheck disable=SC2086
    SAMPLES[help,$v]+="$(time_one ${RUN[$v]} --help) "
    # shellcheck disable=SC2086
    SAMPLES[node,$v]+="$(time_one ${RUN[$v]} hospital records --node "$NODE" --token-file "$WORK/token") "
  done
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS alternating runs each"
printf '%-6s %-10s %8s %8s %8s %8s\n' what variant mean min max "÷debug"
for what in help node; do
  debug_mean=""
  for v in "${VARIANTS[@]}"; do
    read -r mean min max < <(tr ' ' '\n' <<<"${SAMPLES[$what,$v]}" | grep . |
      awk '{s+=$1; if(min==""||$1<min)min=$1; if($1>max)max=$1} END {printf "%.3f %.3f %.3f\n", s/NR, min, max}')
    [[ -z "$debug_mean" ]] && debug_mean=$mean
    printf '%-6s %-10s %8s %8s %8s %8.2f\n' "$what" "$v" "$mean" "$min" "$max" "$(echo "$mean / $debug_mean" | bc -l)"
  done
done
