#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS seconds: `scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]`.
#
# TARGET is yaml, template, json, schema, duration, sse, provider-json or cron (the executable
# `fuzz-TARGET`, in Fuzz/),
# or `all` to build every target and run each for SECONDS. The targets are built with
# AddressSanitizer and libFuzzer's coverage in their own scratch folder (.build/fuzz), so a fuzz
# build never disturbs the normal one. The corpus lives in .build/fuzz/corpus/TARGET; each run
# first adds the seeds (the repository's examples and test corpora, see seed_folders below).
# A crash is saved as .build/fuzz/artifacts/TARGET/crash-* and the script exits non-zero; turn
# every crash into a regression test (docs/development.md, "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(yaml template json schema duration sse provider-json cron)
if [ $# -lt 2 ]; then
    echo "usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer flags...]" >&2
    echo "targets: ${targets[*]}" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

scratch=.build/fuzz
# Leak detection is off: Foundation's NSRegularExpression leaks about a kilobyte per pattern it
# compiles (measured by fuzz-schema), which is not ours to fix, and a leak is not a crash; with it
# on, LeakSanitizer's report at exit fails every run that compiled a schema `pattern`.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
build() {
    for name in "$@"; do
        swift build -c release --scratch-path "$scratch" --product "fuzz-$name" \
            -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
    done
}

# Seeds: where each target's example inputs live, and which files to take.
seed_folders() {
    case $1 in
        yaml) echo "pipelines:*.yaml . :sluice.yaml Tests:*.yaml" ;;
        template) echo "templates:* Tests/SluiceTemplatesTests/Fixtures/Corpus:*.jinja" ;;
        json) echo "schemas:*.json Tests:*.json" ;;
        schema) echo "schemas:*.json Tests/SluiceSchemaTests/Fixtures:*.json" ;;
        duration) echo "" ;;
        sse | provider-json | cron) echo "" ;;
        *) echo "unknown target '$1'; targets: ${targets[*]}" >&2; exit 2 ;;
    esac
}

# Seeds written here, for inputs too short to keep in files (printf %b escapes; '_' is a space).
inline_seeds() {
    case $1 in
        duration) echo "250ms 30s 2m 1h30m 1.5s 1m30s500ms 87600h 99999999999999999999999s 1h99999999999999999999m" ;;
        provider-json) echo "data:_{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\\n\\ndata:_[DONE]\\n\\n event:_message_stop\\ndata:_{\"type\":\"message_stop\"}\\n\\n {\"error\":{\"code\":429,\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}" ;;
        sse) echo "data:_hi\\n\\n event:_delta\\ndata:_{}\\n\\n :comment\\r\\nid:_7\\r\\ndata:_a\\r\\ndata:_b\\r\\n\\r\\n retry:_100\\n\\n" ;;
        cron) echo "*/5_*_*_*_* 0_9_*_*_1-5 30_2_29_2_* @daily @hourly 0_0_1,15_*_MON 15_14_1_*_* 0_22_*_*_1-5" ;;
    esac
}

seed() {
    local name=$1 corpus=$2
    mkdir -p "$corpus"
    for entry in $(seed_folders "$name"); do
        local folder=${entry%%:*} pattern=${entry#*:}
        [ -d "$folder" ] || continue
        local depth=()
        [ "$folder" = . ] && depth=(-maxdepth 1)
        find "$folder" "${depth[@]}" -type f -name "$pattern" -size -64k -print0 |
            while IFS= read -r -d '' file; do
                cp "$file" "$corpus/seed-$(sha1sum "$file" | cut -c1-16)"
            done
    done
    local index=0 seeds=()
    read -ra seeds <<<"$(inline_seeds "$name")"
    for text in "${seeds[@]}"; do
        index=$((index + 1))
        printf '%b' "${text//_/ }" >"$corpus/seed-inline-$index"
    done
}

run() {
    local name=$1
    shift
    local corpus=$scratch/corpus/$name artifacts=$scratch/artifacts/$name
    seed "$name" "$corpus"
    mkdir -p "$artifacts"
    echo "== fuzz-$name for ${seconds}s (corpus: $(find "$corpus" -type f | wc -l) files)" >&2
    "$scratch/release/fuzz-$name" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@"
}

if [ "$target" = all ]; then
    build "${targets[@]}"
    for name in "${targets[@]}"; do run "$name" "$@"; done
else
    seed_folders "$target" >/dev/null
    build "$target"
    run "$target" "$@"
fi
