#!/usr/bin/env bash
# The whole test suite, as CI runs it after scripts/setup.sh --tests:
#   1. swift test: unit, integration, binary and live-API tests (real media, models, FFmpeg, SQLite, Chromium);
#   2. reliability/sanitize/run.sh: the C++ vision shim and the FFmpeg frame conversion under ASan + UBSan over a
#      sweep of 25 picture sizes and pixel formats;
#   3. reliability/fuzz/run.sh: each libFuzzer target for a bounded time (--fuzz-seconds, default 20);
#   4. reliability/hostile/run.py --quick: the hostile-input families through analyze, batch, verify-id and serve,
#      failing on any crash, hang, 5xx, auth bypass or lost data.
# Usage: scripts/test.sh [--fuzz-seconds N] [--swift-only]
set -euo pipefail
fuzz_seconds=20 swift_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fuzz-seconds) [[ $# -ge 2 ]] || { echo "test: --fuzz-seconds needs a number" >&2; exit 2; }
                    fuzz_seconds="$2"; shift 2 ;;
    --swift-only) swift_only=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "test: unknown option $1 (use --fuzz-seconds N, --swift-only)" >&2; exit 2 ;;
  esac
done
[[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)" >&2; }

step "swift test"
swift test
[[ $swift_only -eq 1 ]] && exit 0

step "sanitizer sweep"
reliability/sanitize/run.sh

step "fuzzing, ${fuzz_seconds} s a target"
reliability/fuzz/run.sh --seconds "$fuzz_seconds"

step "hostile inputs (quick)"
python3 reliability/hostile/run.py --proctor "$(swift build --show-bin-path)/proctor" --quick
