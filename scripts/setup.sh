#!/usr/bin/env bash
# The one setup command for proctor: installs missing Debian packages, fetches and
# verifies the model files (scripts/fetch_models.py), then builds the release binary.
# With --tests it also installs what the test suite needs: chromium, chromedriver, curl and node from Debian,
# scripts/test-requirements.txt from PyPI (botocore, moto, selenium) and the AWS SigV4 test suite
# (scripts/fetch_test_data.py).
# Usage: scripts/setup.sh [--mirror DIR] [--skip-build] [--tests]
# Safe to re-run: installed packages, cached models and the build are all reused.
set -euo pipefail

mirror="" skip_build=0 tests=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mirror) [[ $# -ge 2 ]] || { echo "setup: --mirror needs a directory" >&2; exit 2; }
              mirror="$(realpath -m "$2")"; shift 2 ;;
    --skip-build) skip_build=1; shift ;;
    --tests) tests=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $1 (use --mirror DIR, --skip-build, --tests)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

# (a) Debian packages, installed only if some are missing.
packages=(pkg-config ffmpeg libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
          libopencv-dev libdlib-dev libblas-dev liblapack-dev libopenblas0-pthread
          libtesseract-dev tesseract-ocr-eng libcurl4)
# The tests also drive a real browser (the demo page), curl (the seed's examples) and node (the seed's JS snippet).
if [[ $tests -eq 1 ]]; then packages+=(chromium chromium-driver curl nodejs); fi
missing=()
for p in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=(); [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages ok" >&2
fi

# (b) Python packages for model conversion, then the model files.
if grep -qv '^\s*\(#\|$\)' scripts/setup-requirements.txt; then
  python3 -m pip install --quiet --disable-pip-version-check -r scripts/setup-requirements.txt
fi
fetch_args=(); [[ -n "$mirror" ]] && fetch_args=(--mirror "$mirror")
python3 scripts/fetch_models.py "${fetch_args[@]}"

# (c) Test dependencies: the fake/peer Rekognition endpoints' Python packages and the SigV4 test vectors.
if [[ $tests -eq 1 ]]; then
  python3 -m pip install --quiet --disable-pip-version-check -r scripts/test-requirements.txt
  python3 scripts/fetch_test_data.py
fi

# (d) Release build.
if [[ $skip_build -eq 0 ]]; then
  [[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"
  build=(swift build -c release --static-swift-stdlib --product proctor)
  "${build[@]}"
  echo "setup: binary at $("${build[@]}" --show-bin-path)/proctor" >&2
fi
