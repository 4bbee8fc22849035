#!/usr/bin/env bash
# The Swift side of the media path under AddressSanitizer: the whole package built with `--sanitize=address`
# (Swift targets and the C/C++ targets alike) into .build-asan/, then the tests that drive decoding, conversion,
# image loading, measurement, JPEG encoding and every vision model over the resolution sweep and hostile media.
# The first build takes about 9 minutes on 2 cores (every dependency is rebuilt instrumented); later runs reuse it.
# Usage: reliability/sanitize/swift-asan.sh [extra swift test arguments]
set -euo pipefail
[[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"
cd "$(dirname "$0")/../.."
# Leaks are reported by the C++ sweep (run.sh --lsan); here the Foundation and XCTest runtimes' own one-off
# allocations at exit would drown them.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1"
suites="ResolutionSweepTests|HostileMediaTests|FormatTests|JPEGEncoderTests|StillImageTests|BadInputTests"
suites+="|FaceEmbedderTests|ExpressionModelTests|ObjectDetectorTests|TextDetectorTests|TextReaderTests|GeometryTests"
swift test --sanitize=address --scratch-path .build-asan --filter "$suites" "$@"
