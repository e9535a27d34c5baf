#!/usr/bin/env bash
# Load on sluice-mock-provider with wrk (Debian's `wrk` package): requests per second on
# non-streamed calls, then 500 concurrent streams. Prints wrk's summaries and the mock's stats.
# Usage: Benchmarks/mock-provider-load.sh   (after: swift build -c release --product sluice-mock-provider)
set -euo pipefail
cd "$(dirname "$0")/.."
mock=.build/release/sluice-mock-provider
[ -x "$mock" ] || { echo "build it first: swift build -c release --product sluice-mock-provider" >&2; exit 2; }
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

start_mock() { # flags...; sets $port
    "$mock" --port 0 "$@" >"$work/out" 2>&1 &
    pids+=("$!")
    for _ in $(seq 50); do
        port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
        [ -n "$port" ] && return
        sleep 0.1
    done
    echo "the mock did not start" >&2
    exit 1
}

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"model":"m","messages":[{"role":"user","content":"hello there world"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-load"
LUA
sed 's/"messages"/"stream":true,"stream_options":{"include_usage":true},"messages"/' "$work/post.lua" >"$work/stream.lua"

echo "== non-streamed requests, 50 connections"
start_mock
wrk -t2 -c50 -d15s -s "$work/post.lua" "http://127.0.0.1:$port/v1/chat/completions"

echo "== 500 concurrent streams (200 ms per token)"
ulimit -n 4096
start_mock --token-ms 200
wrk -t2 -c500 -d20s --timeout 30s -s "$work/stream.lua" "http://127.0.0.1:$port/v1/chat/completions"
curl -s "http://127.0.0.1:$port/_mock/stats"
echo
