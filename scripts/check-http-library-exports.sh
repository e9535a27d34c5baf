#!/usr/bin/env bash
# Fails unless libSluiceHTTPClient.so exports every function that sluice looks up in it with dlsym
# (Sources/SluiceProviders/HTTP/HTTPClientLibrary.swift, where the names are read from). A release
# build once exported none of them, and every provider call of a release sluice failed
# (docs/performance.md, "A release build's HTTP library exported nothing").
#
#   scripts/check-http-library-exports.sh [LIBRARY]    # default: .build/release/libSluiceHTTPClient.so
set -euo pipefail
cd "$(dirname "$0")/.."

library=${1:-.build/release/libSluiceHTTPClient.so}
loader=Sources/SluiceProviders/HTTP/HTTPClientLibrary.swift
if [ ! -f "$library" ]; then
    echo "error: $library does not exist; build it with 'swift build -c release --product SluiceHTTPClient'" >&2
    exit 1
fi
symbols=$(grep -o 'dlsym(handle, "[A-Za-z0-9_]*")' "$loader" | cut -d'"' -f2)
if [ -z "$symbols" ]; then
    echo "error: $loader has no dlsym(handle, \"…\") to read the names from;" \
        "make this script read them from where the loader now looks its functions up" >&2
    exit 1
fi
exported=$(nm -D --defined-only "$library" | awk '{ print $NF }')
missing=()
for symbol in $symbols; do
    grep -qx "$symbol" <<<"$exported" || missing+=("$symbol")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "error: $library does not export ${missing[*]}, which $loader looks up with dlsym, so" \
        "sluice built this way could call no provider; make the @_cdecl functions in" \
        "Sources/SluiceHTTPClient public" >&2
    exit 1
fi
echo "$library exports $(echo $symbols)"
