#!/usr/bin/env bash
# Loads a `sluice report` page in headless Chromium (Debian's `chromium` package), fails when the
# page did not render cleanly, and writes a screenshot of it.
#
#   scripts/check-report.sh REPORT.html [SCREENSHOT.png]
#
# The page checks itself: its script sets data-report-check="ok" on <html> once it has parsed
# the embedded run data, found a section for every step and rendered the first page of every
# fan-out's remaining items; a script error or a blocked request (the page's
# Content-Security-Policy allows no network) sets "failed: …" instead. Chromium's --dump-dom
# prints the DOM after the load event, so the marker is read from there. Chromium's own log
# (--enable-logging=stderr) is also searched for console messages: the page never writes to the
# console, so any console line is a failure.
#
# Prints the load time (navigation start to the load event, from the page's own
# performance.now()) and the wall time of the Chromium process. Exit status: 0 when the page
# passed, 1 when it did not, 2 for bad usage or when Chromium is missing.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2
    exit 2
fi
report=$1
screenshot=${2:-${report%.html}.png}
if [ ! -f "$report" ]; then
    echo "error: $report: no such file" >&2
    exit 2
fi
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
    echo "error: chromium is not installed; install it with 'apt-get install -y chromium'" >&2
    exit 2
fi

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A profile of its own, so a check never touches (or waits on the lock of) a person's browser.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check
    --disable-extensions --disable-background-networking --user-data-dir="$work/profile"
    --enable-logging=stderr --v=0)

start=$(date +%s%N)
if ! timeout 120 "$chromium" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/chromium.log"; then
    echo "error: chromium could not load $report" >&2
    tail -n 20 "$work/chromium.log" >&2
    exit 1
fi
end=$(date +%s%N)

failed=0
marker=$(grep -o 'data-report-check="[^"]*"' "$work/dom.html" | head -n 1 || true)
if [ "$marker" != 'data-report-check="ok"' ]; then
    echo "error: the page did not pass its self-check: ${marker:-no marker (the script did not run to the end)}" >&2
    failed=1
fi
if grep -E ':CONSOLE[:(]' "$work/chromium.log" >&2; then
    echo "error: the browser logged the console messages above" >&2
    failed=1
fi

timeout 120 "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,1600 \
    --screenshot="$(realpath -m "$screenshot")" "$url" >/dev/null 2>>"$work/chromium.log" || {
    echo "error: chromium could not take a screenshot of $report" >&2
    failed=1
}

load_ms=$(grep -o 'data-load-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9]\+' || echo "?")
ready_ms=$(grep -o 'data-ready-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9]\+' || echo "?")
size=$(stat -c %s "$report")
echo "report:     $report ($size bytes)"
echo "load event: ${load_ms} ms after navigation (script done at ${ready_ms} ms)"
echo "chromium:   $(((end - start) / 1000000)) ms wall time for --dump-dom"
echo "screenshot: $screenshot"
if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "ok: no console errors, self-check passed"
