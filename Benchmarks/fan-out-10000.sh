#!/bin/sh
# Times a release build of `sluice run` on a generated 10,000-item fan-out on the `local`
# provider and reports its peak memory (GNU time's "Maximum resident set size").
#
#   swift build -c release --product sluice
#   Benchmarks/fan-out-10000.sh [ITEMS] [CONCURRENCY]
set -eu
items=${1:-10000}
concurrency=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
mkdir -p "$project/pipelines"
cat > "$project/pipelines/fanout.yaml" <<YAML
description: A generated fan-out of $items items on the local provider.
inputs:
  count: { type: integer, default: $items }
steps:
  each:
    for_each: range(inputs.count)
    as: n
    concurrency: $concurrency
    model: local/default
    max_tokens: 40
    prompt: "Write one sentence about item {{ n }}."
  total:
    template: "{{ steps.each.output | length }} answers"
outputs:
  total: steps.total.output
YAML
cd "$project"
/usr/bin/time -v "$root/.build/release/sluice" run fanout --quiet 2> time.txt
grep -E "Elapsed \(wall clock\)|Maximum resident set size|Exit status" time.txt
"$root/.build/release/sluice" runs --limit 1
