#!/usr/bin/env bash
# Style and size checks, run by CI before the tests: swift-format with the project's .swift-format (strict: any
# violation fails; `swift format -i -r Sources Tests Package.swift` fixes most), then no Swift file over 400 lines
# and no function over 60 (scripts/check_sizes.py).
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --recursive --parallel Sources Tests Package.swift reliability/fuzz/targets
python3 scripts/check_sizes.py Sources Tests reliability/fuzz/targets
echo "lint: clean"
