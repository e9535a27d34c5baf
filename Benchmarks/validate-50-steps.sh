#!/usr/bin/env bash
# Times `sluice validate` as a whole process on a generated 50-step pipeline.
# Usage: Benchmarks/validate-50-steps.sh [path/to/sluice]   (default: .build/release/sluice)
# Build first: swift build -c release --product sluice
set -euo pipefail
sluice="$(cd "$(dirname "${1:-.build/release/sluice}")" && pwd)/$(basename "${1:-.build/release/sluice}")"
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
mkdir -p "$project/pipelines" "$project/templates" "$project/schemas"
cat > "$project/sluice.yaml" <<'YAML'
models:
  fast: local/default
YAML
printf '{"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}\n' \
    > "$project/schemas/answer.json"
printf 'Summarise {{ inputs.topic }} given:\n{%% for item in context %%}- {{ item }}\n{%% endfor %%}\n' \
    > "$project/templates/step.md"
{
    echo "description: A generated 50-step pipeline for timing validate."
    echo "inputs:"
    echo "  topic: { type: string, default: rivers }"
    echo "  items: { type: array, items: { type: string }, default: [a, b, c] }"
    echo "defaults: { model: fast, temperature: 0, max_tokens: 200, timeout: 30s }"
    echo "steps:"
    for i in $(seq 1 50); do
        echo "  step_$i:"
        if (( i % 10 == 1 )); then
            echo "    for_each: inputs.items"
            echo "    as: entry"
            echo "    when: entry != \"b\""
            echo "    prompt: |"
            echo "      Describe {{ entry }} in the context of {{ inputs.topic }}."
        elif (( i % 5 == 0 )); then
            echo "    template: |"
            echo "      {{ steps.step_$((i - 1)).output }} / {{ steps.step_$((i - 2)).output }}"
        else
            echo "    vars:"
            echo "      context: '[steps.step_$((i - 1)).output]'"
            echo "    prompt: step.md"
            echo "    output: { schema: schemas/answer.json }"
        fi
    done
    echo "outputs:"
    echo "  last: steps.step_50.output"
} > "$project/pipelines/fifty.yaml"
"$sluice" validate --project "$project" fifty
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 5 --runs 50 -N "$sluice validate --project $project fifty"
else
    time (for _ in $(seq 1 50); do "$sluice" validate --project "$project" fifty > /dev/null; done)
fi
