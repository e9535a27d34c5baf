#!/usr/bin/env bash
# Runs every reproducer of the hardening issue (docs/development.md, "Hardening reproducers")
# through a real `sluice` binary, in scratch projects under a temporary folder.
#
#   scripts/hardening-reproducers.sh [SLUICE]      # default: .build/debug/sluice
#
# Each case checks that the process was not killed by a signal (exit status below 128), that it
# printed the expected located diagnostic (file:line:column and a [code]) or the right answer,
# and, where the issue named a hang or a memory blow-up, a bound on CPU time (user + system, which
# a loaded machine does not stretch as it stretches wall time) and on peak memory. Every case is
# also killed after $HARDENING_KILL_SECONDS (default 300) of wall time, so a real hang fails
# rather than stalls. One line per case: PASS or FAIL, the case, what was seen. Exit status: 0
# when every case passed, 1 otherwise, 2 for bad usage.
set -uo pipefail

sluice=${1:-.build/debug/sluice}
if [ ! -x "$sluice" ]; then
    echo "error: $sluice is not an executable; build it with 'swift build' or pass its path" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time is missing; install it with 'apt-get install -y time'" >&2
    exit 2
fi
sluice=$(cd "$(dirname "$sluice")" && pwd)/$(basename "$sluice")
kill_after=${HARDENING_KILL_SECONDS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

# The fake secrets the redaction cases look for; set for every case, as a user's shell would.
export OPENAI_API_KEY=sk-test-abcdefghijklmnop
export DEPLOY_TOKEN=deploy-0123456789abcdef
export NO_COLOR=1

# MARK: - Running and judging

# run_in DIR COMMAND...: runs COMMAND in DIR and sets status, out (stdout), err (stderr),
# seconds (wall), cpu (user + system seconds) and peak_kb (peak resident memory).
run_in() {
    local dir=$1
    shift
    (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        timeout -s KILL "$kill_after" "$@" >"$work/stdout" 2>"$work/stderr")
    status=$?
    out=$(cat "$work/stdout")
    err=$(cat "$work/stderr")
    local user system
    read -r seconds user system peak_kb < <(tail -n 1 "$work/time")
    cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
}

# report NAME PROBLEM SEEN: prints the case's line; an empty PROBLEM is a pass.
report() {
    cases=$((cases + 1))
    if [ -z "$2" ]; then
        echo "PASS $1: $3"
    else
        failures=$((failures + 1))
        echo "FAIL $1: $2; saw: $3"
    fi
}

# first_line TEXT: the first line of TEXT, at most 160 characters (what a case line shows).
first_line() {
    printf '%s\n' "$1" | head -n 1 | cut -c 1-160
}

# signal_problem: a problem when the last run was killed (by a signal or by the hang guard).
signal_problem() {
    if [ "$status" -ge 128 ]; then
        echo "killed (exit $status)"
    fi
}

# expect_diagnostic NAME EXIT LOCATION CODE DIR COMMAND...: COMMAND exits with EXIT and prints
# an error line holding LOCATION (file:line:column, or a prefix of it) and [CODE].
expect_diagnostic() {
    local name=$1 want_status=$2 location=$3 code=$4 dir=$5
    shift 5
    run_in "$dir" "$@"
    local problem line
    problem=$(signal_problem)
    line=$(printf '%s\n%s\n' "$err" "$out" | grep -F -- "$location" | grep -F -- "error: " | grep -F -- "[$code]" | head -n 1)
    if [ -z "$problem" ] && [ "$status" -ne "$want_status" ]; then
        problem="exit $status, expected $want_status"
    fi
    if [ -z "$problem" ] && [ -z "$line" ]; then
        problem="no '$location… error: … [$code]' diagnostic"
        line=$(first_line "$err$out")
    fi
    report "$name" "$problem" "exit $status, $(first_line "$line")"
}

# expect_answer NAME PATTERN DIR COMMAND...: COMMAND exits 0 and its stdout matches the
# extended regular expression PATTERN.
expect_answer() {
    local name=$1 pattern=$2 dir=$3
    shift 3
    run_in "$dir" "$@"
    local problem
    problem=$(signal_problem)
    if [ -z "$problem" ] && [ "$status" -ne 0 ]; then
        problem="exit $status, expected 0"
    elif [ -z "$problem" ] && ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
        problem="stdout does not match '$pattern'"
    fi
    report "$name" "$problem" "exit $status, stdout $(first_line "$out")$(first_line "$err" | sed 's/^./, stderr &/')"
}

# expect_text NAME TEXT: the last run printed TEXT (on stdout or stderr).
expect_text() {
    local name=$1 text=$2 problem=""
    if [[ "$out$err" != *"$text"* ]]; then
        problem="no '$text'"
    fi
    report "$name" "$problem" "$(printf '%s\n%s\n' "$err" "$out" | grep -F -m 1 -- "$text" | cut -c 1-160)"
}

# expect_bounds NAME MAX_CPU MAX_KB: the last run took at most MAX_CPU seconds of CPU and
# MAX_KB of peak memory. Call it right after the expect_… that ran the command.
expect_bounds() {
    local name=$1 max_cpu=$2 max_kb=$3 problem=""
    if awk -v c="$cpu" -v m="$max_cpu" 'BEGIN { exit !(c > m) }'; then
        problem="took ${cpu} s of CPU, bound ${max_cpu} s"
    elif [ "$peak_kb" -gt "$max_kb" ]; then
        problem="peaked at ${peak_kb} KB, bound ${max_kb} KB"
    fi
    report "$name" "$problem" "${cpu} s CPU (bound ${max_cpu}), ${seconds} s wall, ${peak_kb} KB peak (bound ${max_kb})"
}

# expect_redacted NAME DIR COMMAND...: neither secret appears on stdout or stderr, and
# [REDACTED] does. The exit status is not judged (a failing command is part of some cases).
expect_redacted() {
    local name=$1 dir=$2
    shift 2
    run_in "$dir" "$@"
    local problem
    problem=$(signal_problem)
    local all="$out$err"
    if [ -z "$problem" ] && [[ "$all" == *"$OPENAI_API_KEY"* ]]; then
        problem="the OPENAI_API_KEY value was printed"
    elif [ -z "$problem" ] && [[ "$all" == *"$DEPLOY_TOKEN"* ]]; then
        problem="the DEPLOY_TOKEN value was printed"
    elif [ -z "$problem" ] && [[ "$all" != *"[REDACTED]"* ]]; then
        problem="no [REDACTED] in the output"
    fi
    report "$name" "$problem" "exit $status, $(printf '%s\n' "$all" | grep -F -c '[REDACTED]') lines with [REDACTED]"
}

# expect_clean_wording NAME: the last run's output names no libyaml internals, has no
# parenthesis, and no line longer than 200 characters (excerpts are cut around the column).
expect_clean_wording() {
    local name=$1 problem="" all="$err$out"
    if printf '%s\n' "$all" | grep -Eq 'yaml_|libyaml|Maximum nesting|[()]'; then
        problem="libyaml's words or a parenthesis: $(printf '%s\n' "$all" | grep -E -m 1 'yaml_|libyaml|Maximum nesting|[()]')"
    elif printf '%s\n' "$all" | awk 'length > 200 { found = 1 } END { exit !found }'; then
        problem="a line longer than 200 characters"
    fi
    report "$name" "$problem" "longest line $(printf '%s\n' "$all" | awk '{ if (length > m) m = length } END { print m + 0 }') characters"
}

# latest_run DIR: the id of the newest recorded run in the project at DIR.
latest_run() {
    (cd "$1" && "$sluice" runs --json) | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -n 1
}

# project NAME: creates an empty project folder and prints its path.
project() {
    mkdir -p "$work/$1/pipelines" "$work/$1/templates" "$work/$1/schemas"
    echo "$work/$1"
}

# pipeline DIR NAME TEXT: writes pipelines/NAME.yaml.
pipeline() {
    printf '%s\n' "$3" >"$1/pipelines/$2.yaml"
}

# MARK: - Huge numbers in schemas

p=$(project schema-bound)
echo '{"minLength": 2305843009213693952}' >"$p/schemas/huge.json"
echo '"abc"' >"$p/abc.json"
pipeline "$p" huge 'inputs:
  name: { type: string, minLength: 2305843009213693952 }
steps:
  echo:
    template: "{{ inputs.name }}"
outputs:
  name: steps.echo.output'
expect_diagnostic "minLength 2^61: schema check" 1 "abc.json:1:1" schema-violation "$p" "$sluice" schema check schemas/huge.json abc.json
expect_answer "minLength 2^61 on an input: validate" "." "$p" "$sluice" validate huge
# A value from the command line has no file position: the error names the input, the hint the schema's.
expect_diagnostic "minLength 2^61 on an input: run" 2 "error: input 'name'" invalid-input "$p" "$sluice" run huge -i name=abc
expect_text "minLength 2^61 on an input: run names the schema's place" "pipelines/huge.yaml:2:3"

# MARK: - Durations

p=$(project durations)
for duration in 99999999999999999999999s 1h99999999999999999999m 9223372036854775807s; do
    pipeline "$p" run-step "steps:
  wait:
    run: 'true'
    timeout: $duration"
    pipeline "$p" model-step "steps:
  ask:
    model: local/default
    prompt: hello
    timeout: $duration"
    expect_diagnostic "timeout: $duration on a run step: validate" 2 "pipelines/run-step.yaml:4:14" invalid-duration "$p" "$sluice" validate run-step
    expect_diagnostic "timeout: $duration on a model step: validate" 2 "pipelines/model-step.yaml:5:14" invalid-duration "$p" "$sluice" validate model-step
    expect_diagnostic "timeout: $duration on a run step: run" 2 "pipelines/run-step.yaml:4:14" invalid-duration "$p" "$sluice" run run-step
    expect_diagnostic "timeout: $duration on a model step: run" 2 "pipelines/model-step.yaml:5:14" invalid-duration "$p" "$sluice" run model-step
    printf 'cache: { ttl: %s }\n' "$duration" >"$p/sluice.yaml"
    expect_diagnostic "cache: { ttl: $duration }: validate" 2 "sluice.yaml:1:15" invalid-duration "$p" "$sluice" validate
    rm "$p/sluice.yaml"
    expect_diagnostic "--timeout $duration" 2 "--timeout:1:1" invalid-duration "$p" "$sluice" run run-step --timeout "$duration"
done
# The longest accepted duration runs: nothing overflows on the way to the clock.
pipeline "$p" longest 'steps:
  wait:
    run: echo ran
    timeout: 87600h
  ask:
    model: local/default
    prompt: hello
    timeout: 87600h
outputs:
  wait: steps.wait.output'
expect_answer "timeout: 87600h on run and model steps, --timeout 87600h: run" "^ran$" "$p" "$sluice" run longest --timeout 87600h

# MARK: - Template filters

p=$(project filters)
# render_case NAME TEMPLATE: writes templates/t.md holding TEMPLATE (for `sluice render`).
render_case() {
    printf '%s\n' "$1" >"$p/templates/t.md"
}
render_case "{{ 'ab' | truncate(9223372036854775807) }}"
expect_answer "truncate(Int.max)" "^ab$" "$p" "$sluice" render templates/t.md
for filter in 'indent(9223372036854775807)' 'center(9223372036854775807)'; do
    render_case "{{ 'ab' | $filter }}"
    expect_diagnostic "$filter" 2 "templates/t.md:1:11" template-render-limit "$p" "$sluice" render templates/t.md
done
for filter in 'indent(1000000000)' 'center(300000000)'; do
    render_case "{{ 'ab' | $filter }}"
    expect_diagnostic "$filter refused" 2 "templates/t.md:1:11" template-render-limit "$p" "$sluice" render templates/t.md
    expect_bounds "$filter refused before allocating" 2 204800
done
render_case "{{ '0x1f' | int(base=0) }}"
expect_answer "'0x1f'|int(base=0) is 31" "^31$" "$p" "$sluice" render templates/t.md
for base in 1 37 -1; do
    render_case "{{ '0x1f' | int(base=$base) }}"
    expect_diagnostic "int(base=$base)" 2 "templates/t.md:1:13" template-argument-error "$p" "$sluice" render templates/t.md
done
pipeline "$p" indent-input 'inputs:
  w: { type: integer }
steps:
  pad:
    template: |
      {{ ("a" ~ "\n" ~ "b") | indent(inputs.w) }}
outputs:
  padded: steps.pad.output'
expect_diagnostic "indent(inputs.w) with w=Int.max: run" 1 "pipelines/indent-input.yaml:6:" template-render-limit "$p" "$sluice" run indent-input -i w=9223372036854775807
expect_answer "indent(inputs.w) with w=Int.max: recorded as failed" '"status" *: *"failed"' "$p" "$sluice" runs --json

# MARK: - Locating a schema error in a long instance

p=$(project long-instance)
echo '{"type":"object"}' >"$p/object.json"
awk 'BEGIN { printf "["; for (i = 0; i < 150000; i++) printf "%s%d", (i ? "," : ""), i; print "]" }' >"$p/one-line.json"
awk 'BEGIN { print "["; for (i = 0; i < 150000; i++) printf "%s%d\n", (i ? "," : ""), i; print "]" }' >"$p/lines.json"
expect_diagnostic "1 MB one-line array against {\"type\":\"object\"}" 1 "one-line.json:1:1" schema-violation "$p" "$sluice" schema check object.json one-line.json
expect_bounds "1 MB one-line array located in linear time" 5 204800
expect_diagnostic "1 MB array over 150,000 lines against {\"type\":\"object\"}" 1 "lines.json:1:1" schema-violation "$p" "$sluice" schema check object.json lines.json
expect_bounds "1 MB array over 150,000 lines located in linear time" 5 204800

# MARK: - Paths leading out of the project

p=$(project paths)
outside=$work/outside
mkdir -p "$outside"
echo 'a secret prompt' >"$outside/secret.md"
echo '{"type":"string"}' >"$outside/secret.json"
ln -s /etc/passwd "$p/templates/link.md"
ln -s /etc/passwd "$p/schemas/link.json"
ln -s "$outside" "$p/templates/linked-folder"
ln -s "$outside" "$p/schemas/linked-folder"
echo '{% include "link.md" %}' >"$p/templates/includes-link.md"
pipeline "$p" template-link 'steps:
  show:
    template: link.md'
pipeline "$p" prompt-link 'steps:
  ask:
    model: local/default
    prompt: link.md'
pipeline "$p" schema-link 'steps:
  ask:
    model: local/default
    prompt: hello
    output: { schema: schemas/link.json }'
pipeline "$p" folder-template 'steps:
  show:
    template: linked-folder/secret.md'
pipeline "$p" folder-schema 'steps:
  ask:
    model: local/default
    prompt: hello
    output: { schema: schemas/linked-folder/secret.json }'
pipeline "$p" include-link 'steps:
  show:
    template: includes-link.md'
expect_diagnostic "template: link.md → /etc/passwd" 2 "pipelines/template-link.yaml:3:15" path-outside-project "$p" "$sluice" validate template-link
expect_diagnostic "prompt: link.md → /etc/passwd" 2 "pipelines/prompt-link.yaml:4:13" path-outside-project "$p" "$sluice" validate prompt-link
expect_diagnostic "output: { schema: schemas/link.json → /etc/passwd }" 2 "pipelines/schema-link.yaml:5:23" path-outside-project "$p" "$sluice" validate schema-link
expect_diagnostic "template: through a symlinked folder" 2 "pipelines/folder-template.yaml:3:15" path-outside-project "$p" "$sluice" validate folder-template
expect_diagnostic "output schema through a symlinked folder" 2 "pipelines/folder-schema.yaml:5:23" path-outside-project "$p" "$sluice" validate folder-schema
expect_diagnostic "{% include %} through a symlink" 2 "templates/includes-link.md:1:12" template-include-outside-root "$p" "$sluice" validate include-link
expect_diagnostic "template: link.md → /etc/passwd: run" 2 "pipelines/template-link.yaml:3:15" path-outside-project "$p" "$sluice" run template-link

# MARK: - Secrets on every output

p=$(project secrets)
pipeline "$p" leak-ok 'steps:
  leak:
    run: '"'"'echo "out $OPENAI_API_KEY $DEPLOY_TOKEN"; echo "err $OPENAI_API_KEY $DEPLOY_TOKEN" >&2'"'"'
outputs:
  leaked: steps.leak.output'
pipeline "$p" leak-fail 'steps:
  leak:
    run: '"'"'echo "out $OPENAI_API_KEY $DEPLOY_TOKEN"; echo "err $OPENAI_API_KEY $DEPLOY_TOKEN" >&2; exit 3'"'"'
outputs:
  leaked: steps.leak.output'
expect_redacted "run step writes the keys to stdout: run" "$p" "$sluice" run leak-ok
expect_redacted "run step writes the keys to stdout: run --json" "$p" "$sluice" run leak-ok --json
expect_redacted "run step writes the keys to stderr and fails: run" "$p" "$sluice" run leak-fail
run_id=$(latest_run "$p")
expect_redacted "show RUN" "$p" "$sluice" show "$run_id"
expect_redacted "show RUN STEP" "$p" "$sluice" show "$run_id" leak
expect_redacted "report RUN -o -" "$p" "$sluice" report "$run_id" -o -

# MARK: - Encodings and YAML shapes

p=$(project encodings)
printf 'steps:\n  t:\n    template: "ab\xffcd"\n' >"$p/pipelines/bad-byte.yaml"
expect_diagnostic "invalid UTF-8 at the byte" 2 "pipelines/bad-byte.yaml:3:18" not-text "$p" "$sluice" validate bad-byte
printf '\xff\xfes\x00t\x00e\x00p\x00s\x00:\x00\n\x00' >"$p/pipelines/utf16.yaml"
expect_diagnostic "UTF-16 byte-order mark ff fe" 2 "pipelines/utf16.yaml:1:1" not-text "$p" "$sluice" validate utf16
expect_text "UTF-16 byte-order mark: what to do" "save the file as UTF-8"
rm "$p/pipelines/bad-byte.yaml" "$p/pipelines/utf16.yaml"
printf '\xef\xbb\xbfsteps:\n  t:\n    template: hi\noutputs:\n  o: steps.t.output\n' >"$p/pipelines/utf8-bom.yaml"
expect_answer "UTF-8 byte-order mark accepted" "^hi$" "$p" "$sluice" run utf8-bom
# nested NAME OPEN CLOSE: a pipeline whose vars value nests OPEN…CLOSE 5,000 deep on one line.
nested() {
    awk -v opening="$2" -v closing="$3" 'BEGIN {
        printf "steps:\n  t:\n    template: hi\n    vars:\n      x: "
        for (i = 0; i < 5000; i++) printf "%s", opening
        printf "1"
        for (i = 0; i < 5000; i++) printf "%s", closing
        print ""
    }' >"$p/pipelines/$1.yaml"
}
nested deep-lists '[' ']'
expect_diagnostic "YAML lists nested 5,000 deep" 2 "pipelines/deep-lists.yaml:5:" file-too-large "$p" "$sluice" validate deep-lists
expect_clean_wording "YAML lists nested 5,000 deep: our words, excerpt cut"
nested deep-maps '{a: ' '}'
expect_diagnostic "YAML mappings nested 5,000 deep" 2 "pipelines/deep-maps.yaml:5:" file-too-large "$p" "$sluice" validate deep-maps
expect_clean_wording "YAML mappings nested 5,000 deep: our words, excerpt cut"
rm "$p/pipelines/deep-lists.yaml" "$p/pipelines/deep-maps.yaml"
pipeline "$p" merge-keys 'steps:
  first: &command
    run: echo merged
  second:
    <<: *command
outputs:
  merged: steps.second.output'
expect_answer "merge key <<: *base" "^merged$" "$p" "$sluice" run merge-keys

# MARK: - JSON inputs and schemas

p=$(project json-inputs)
pipeline "$p" object-input 'inputs:
  data: { type: object }
steps:
  show:
    template: "{{ inputs.data }}"
outputs:
  data: steps.show.output'
echo '{"data": {"a": 1, "a": 2}}' >"$p/duplicate.json"
echo '{"data": {"a": "\ud800"}}' >"$p/surrogate.json"
echo '{"type": "object", "type": "string"}' >"$p/schemas/duplicate.json"
echo '{"type": "string", "const": "\ud800"}' >"$p/schemas/surrogate.json"
echo '"abc"' >"$p/abc.json"
expect_diagnostic "duplicate key in --inputs FILE" 2 "duplicate.json:1:19" invalid-input "$p" "$sluice" run object-input --inputs duplicate.json
expect_diagnostic "lone surrogate in --inputs FILE" 2 "surrogate.json:1:17" invalid-input "$p" "$sluice" run object-input --inputs surrogate.json
expect_diagnostic "duplicate key in --inputs -" 2 "<stdin>:1:19" invalid-input "$p" sh -c "\"$sluice\" run object-input --inputs - <duplicate.json"
expect_diagnostic "duplicate key in -i name=JSON" 2 "-i data:1:10" invalid-input "$p" "$sluice" run object-input -i 'data={"a": 1, "a": 2}'
expect_diagnostic "lone surrogate in -i name=JSON" 2 "-i data:1:7" invalid-input "$p" "$sluice" run object-input -i 'data={"a":"\ud800"}'
expect_diagnostic "duplicate key in a schema file" 2 "schemas/duplicate.json:1:20" schema-parse-error "$p" "$sluice" schema check schemas/duplicate.json abc.json
expect_diagnostic "lone surrogate in a schema file" 2 "schemas/surrogate.json:1:30" schema-parse-error "$p" "$sluice" schema check schemas/surrogate.json abc.json

# MARK: - A 50 MB input

p=$(project large-input)
awk 'BEGIN { line = sprintf("%99s", ""); gsub(/ /, "x", line); for (i = 0; i < 500000; i++) print line }' >"$p/large.txt"
pipeline "$p" measure 'inputs:
  document: { type: string }
steps:
  size:
    template: "{{ inputs.document | length }}"
outputs:
  size: steps.size.output'
expect_answer "50 MB -i document=@file" "^50000000$" "$p" "$sluice" run measure -i document=@large.txt --quiet
expect_bounds "50 MB -i document=@file in seconds, memory a small multiple" 20 409600

echo "$((cases - failures)) of $cases cases passed"
[ "$failures" -eq 0 ]
