#!/usr/bin/env bash
# Runs the engine tests' `fanout` pipeline (one `local` call per item, eight at a time) on ITEMS
# items in a copy of its project, writes the run's HTML report and checks it in headless
# Chromium (scripts/check-report.sh): prints how long `sluice report` took, the report's size
# and the browser's load time, and writes a screenshot.
#
#   swift build --product sluice          # or -c release with SLUICE=.build/release/sluice
#   scripts/check-report-fan-out.sh [ITEMS] [SCREENSHOT.png]
set -euo pipefail
items=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
sluice=${SLUICE:-$root/.build/debug/sluice}
screenshot=$(realpath -m "${2:-report-fan-out-$items.png}")
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
cp -R "$root/Tests/SluiceEngineTests/Fixtures/project/." "$project/"
cd "$project"
printf '{"items": [%s]}\n' "$(seq -s, 0 $((items - 1)))" >inputs.json
"$sluice" run fanout --inputs inputs.json --quiet >/dev/null
start=$(date +%s%N)
report=$("$sluice" report)
end=$(date +%s%N)
echo "sluice report: $(((end - start) / 1000000)) ms"
"$root/scripts/check-report.sh" "$report" "$screenshot"
