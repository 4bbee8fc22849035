#!/usr/bin/env bash
# libFuzzer runs over the parsers that read untrusted bytes (docs/development.md, "Fuzzing", says what each target
# covers). Each target is a Swift harness in reliability/fuzz/targets/ compiled straight with swiftc (not SwiftPM)
# together with the sources it exercises, under AddressSanitizer; image_decode adds Sources/CVision/image_io.cpp and
# image_quality.cpp built with clang++ under ASan + UBSan and links Debian's OpenCV.
#
# 1. Builds every selected target that is missing or stale into .build-fuzz/bin/ (git-ignored). A target is stale
#    when its compile command or any of its input files changed (a hash kept beside the binary).
# 2. Runs each target for N seconds on a scratch copy of reliability/fuzz/corpus/<target>/ (the committed seeds never
#    change), with -timeout=10 -rss_limit_mb=2048; crash, leak, timeout and OOM inputs go into
#    .build-fuzz/artifacts/<target>/, the full log into .build-fuzz/logs/<target>.log.
# 3. Prints one line per target: executions, executions per second, coverage, result.
#
# Exit status: 0 when every target ran clean; 1 when any found a crash, broken invariant, leak, timeout or OOM;
# 2 on bad usage or a failed build.
#
# Usage: reliability/fuzz/run.sh [--seconds N] [--keep-corpus] [--build-only] [TARGET...]
#   --seconds N     fuzz each target N seconds (default 20)
#   --keep-corpus   grow a local corpus in .build-fuzz/corpus/<target>/ across runs (seeded from the committed one)
#                   instead of a fresh scratch copy
#   --build-only    build the targets and stop
#   TARGET          image_header, multipart, base64_image, config, image_decode (default: all)
# Needs the Swift toolchain (swiftc and its clang++, from PATH or /opt/swift/usr/bin) and the OpenCV -dev packages
# that scripts/setup.sh installs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

all_targets=(image_header multipart base64_image config image_decode)
usage() { sed -n '17,24p' "$0"; }

seconds=20 keep=0 build_only=0 selected=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || { echo "run.sh: --seconds needs a positive number" >&2; exit 2; }
      seconds="$2"; shift 2 ;;
    --keep-corpus) keep=1; shift ;;
    --build-only) build_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      [[ " ${all_targets[*]} " == *" $1 "* ]] || { echo "run.sh: unknown target $1 (${all_targets[*]})" >&2; exit 2; }
      selected+=("$1"); shift ;;
  esac
done
[[ ${#selected[@]} -gt 0 ]] || selected=("${all_targets[@]}")

if ! command -v swiftc >/dev/null && [[ -d /opt/swift/usr/bin ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
command -v swiftc >/dev/null || { echo "run.sh: swiftc not found (install the Swift toolchain)" >&2; exit 2; }
toolchain="$(dirname "$(command -v swiftc)")"
cxx="$toolchain/clang++"
[[ -x "$cxx" ]] || { echo "run.sh: no clang++ beside swiftc in $toolchain" >&2; exit 2; }

build="$root/.build-fuzz"
mkdir -p "$build/bin" "$build/obj" "$build/logs" "$build/include/CVision"

# ---- 1. Build ------------------------------------------------------------------------------------------------------
swift_flags=(-parse-as-library "-sanitize=fuzzer,address" -O -g)
cxx_flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer "-fsanitize=fuzzer-no-link,address,undefined"
           -fno-sanitize-recover=undefined -I/usr/include/opencv4 -ISources/CVision/include)
opencv_libs=(-lopencv_core -lopencv_imgproc -lopencv_imgcodecs -lstdc++)
formats_sources=(Sources/ProctorFormats/*.swift)
# The configuration harness builds the engine and its vocabulary as one module (so without the file that re-exports
# ProctorCore from the engine's own module).
mapfile -t engine_sources < <(find Sources/ProctorCore Sources/ProctorEngine -name '*.swift' \
  ! -path Sources/ProctorEngine/Vocabulary.swift | LC_ALL=C sort)

printf 'module CVision {\n    header "%s/Sources/CVision/include/CVision.h"\n    export *\n}\n' "$root" \
  > "$build/include/CVision/module.modulemap.new"
if cmp -s "$build/include/CVision/module.modulemap.new" "$build/include/CVision/module.modulemap"; then
  rm "$build/include/CVision/module.modulemap.new"
else
  mv "$build/include/CVision/module.modulemap.new" "$build/include/CVision/module.modulemap"
fi

# Sets `inputs` (files whose contents the binary depends on) and `steps` (one command per line, words separated by
# the unit separator) for target $1.
plan() {
  local target="$1" harness="reliability/fuzz/targets/$1.swift" sep=$'\x1f' step
  steps=()
  case "$target" in
    image_header|multipart|base64_image)
      inputs=("$harness" "${formats_sources[@]}")
      step=(swiftc "${swift_flags[@]}" -module-name ProctorFormats "${inputs[@]}" -o "$build/bin/$target") ;;
    config)
      inputs=("$harness" "${engine_sources[@]}")
      step=(swiftc "${swift_flags[@]}" -module-name ProctorEngine "${inputs[@]}" -o "$build/bin/$target") ;;
    image_decode)
      local media_sources=(Sources/ProctorMedia/MediaLimits.swift Sources/ProctorMedia/MediaError.swift
                           Sources/ProctorMedia/ImageAdmission.swift)
      inputs=("$harness" "${formats_sources[@]}" "${media_sources[@]}"
              Sources/CVision/image_io.cpp Sources/CVision/image_quality.cpp Sources/CVision/guard.hpp
              Sources/CVision/include/CVision.h "$build/include/CVision/module.modulemap")
      local object objects=()
      for source in Sources/CVision/image_io.cpp Sources/CVision/image_quality.cpp; do
        object="$build/obj/$(basename "$source" .cpp).o"
        objects+=("$object")
        step=("$cxx" "${cxx_flags[@]}" -c "$source" -o "$object")
        steps+=("$(IFS="$sep"; echo "${step[*]}")")
      done
      step=(swiftc "${swift_flags[@]}" -module-name ProctorFormats -I "$build/include/CVision"
            "$harness" "${formats_sources[@]}" "${media_sources[@]}" "${objects[@]}"
            "${opencv_libs[@]}" -o "$build/bin/$target") ;;
  esac
  steps+=("$(IFS="$sep"; echo "${step[*]}")")
}

# Builds target $1 unless its binary is up to date; the compiler's output goes to .build-fuzz/logs/<target>.build.log.
build_target() {
  local target="$1" stamp="$build/bin/$1.stamp" hash line words
  plan "$target"
  hash="$({ printf '%s\n' "${steps[@]}"; cat "${inputs[@]}"; } | sha256sum | cut -d' ' -f1)"
  if [[ -x "$build/bin/$target" && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then return 0; fi
  rm -f "$stamp"
  : > "$build/logs/$target.build.log"
  for line in "${steps[@]}"; do
    IFS=$'\x1f' read -r -a words <<< "$line"
    if ! "${words[@]}" >> "$build/logs/$target.build.log" 2>&1; then
      grep -v 'Cannot export local symbol' "$build/logs/$target.build.log" | tail -n 30 >&2
      echo "run.sh: building $target failed (log: .build-fuzz/logs/$target.build.log)" >&2
      return 1
    fi
  done
  echo "$hash" > "$stamp"
  echo "built $target" >&2
}

build_started=$SECONDS
# The ProctorEngine target takes longest to compile: it builds beside the others (two cores).
pids=() names=()
for target in "${selected[@]}"; do
  if [[ "$target" == config ]]; then build_target config & pids+=($!); names+=(config); fi
done
failed_builds=()
for target in "${selected[@]}"; do
  [[ "$target" == config ]] || build_target "$target" || failed_builds+=("$target")
done
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed_builds+=("${names[$i]}"); done
if [[ ${#failed_builds[@]} -gt 0 ]]; then echo "run.sh: build failed: ${failed_builds[*]}" >&2; exit 2; fi
echo "builds ready in $((SECONDS - build_started)) s" >&2
[[ $build_only -eq 0 ]] || exit 0

# ---- 2. Run --------------------------------------------------------------------------------------------------------
# A Swift trap (a broken invariant, an index out of range) must reach libFuzzer's signal handler at once; the Swift
# runtime's own backtracer would stall the crash for a long time.
export SWIFT_BACKTRACE=enable=no
export OPENCV_FOR_THREADS_NUM=1
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

max_len() {
  case "$1" in
    image_decode) echo 200000 ;;
    image_header) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

# The last "<name>: <value>" that libFuzzer printed in log $1 for field $2 (e.g. "cov"), or "?".
field() { grep -o "$2: [0-9][0-9/a-zA-Z]*" "$1" | tail -n 1 | sed 's/.*: //' || true; }

# What the image decoders behind OpenCV print for every broken input (tens of MB per hour), left out of the logs.
decoder_chatter='^(Corrupt JPEG data|Premature end of JPEG file|Invalid SOS parameters|Warning: unknown JFIF|'
decoder_chatter+='libpng (warning|error): |imdecode_\(.*\): can.t read (header|data): )'

failures=0
for target in "${selected[@]}"; do
  seeds="$here/corpus/$target"
  [[ -d "$seeds" ]] || { echo "run.sh: no seed corpus at $seeds" >&2; exit 2; }
  if [[ $keep -eq 1 ]]; then
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
  else
    corpus="$build/work/$target"
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp "$seeds"/* "$corpus"/
  fi
  artifacts="$build/artifacts/$target"
  mkdir -p "$artifacts"
  log="$build/logs/$target.log"
  echo "fuzzing $target for $seconds s ..." >&2
  set +e
  "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" 2>&1 | grep -Ev "$decoder_chatter" > "$log"
  status=${PIPESTATUS[0]}
  set -e

  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  [[ -n "$runs" ]] || runs="$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)"
  rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  cov="$(field "$log" cov)" ft="$(field "$log" ft)" corp="$(field "$log" corp)"
  if [[ $status -eq 0 ]]; then
    result="ok"
  else
    failures=$((failures + 1))
    if grep -q 'ERROR: libFuzzer: timeout' "$log"; then result="TIMEOUT"
    elif grep -q -e 'ERROR: libFuzzer: out-of-memory' -e 'ERROR: libFuzzer: malloc' "$log"; then result="OOM"
    elif grep -q 'ERROR: LeakSanitizer' "$log"; then result="LEAK"
    elif grep -q 'invariant broken' "$log"; then
      result="INVARIANT BROKEN ($(grep -m 1 -o 'invariant broken: .*' "$log" | cut -c 19-90))"
    elif grep -q 'Swift runtime failure' "$log"; then
      result="CRASH (Swift: $(grep -m 1 -o 'Swift runtime failure: [^/]*' "$log" | cut -c 24-90 | sed 's/ *$//'))"
    elif grep -q 'ERROR: AddressSanitizer' "$log"; then
      result="CRASH ($(grep -o 'ERROR: AddressSanitizer: [a-z-]*' "$log" | head -n 1 | sed 's/.*: //'))"
    elif grep -q 'runtime error:' "$log"; then result="CRASH (UBSan: $(grep -m 1 -o 'runtime error: .*' "$log" | cut -c 16-80))"
    else result="CRASH (exit $status)"; fi
    unit="$(grep -o 'Test unit written to .*' "$log" | tail -n 1 | sed 's/Test unit written to //' || true)"
    [[ -z "$unit" ]] || result+=" -> ${unit#"$root/"}"
  fi
  printf '%-13s %9s execs %7s/s  cov %-5s ft %-6s corpus %-12s %s\n' "$target" "${runs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done

echo "fuzz: $((${#selected[@]} - failures)) passed, $failures failed ($seconds s per target; logs in .build-fuzz/logs/)"
if [[ $failures -gt 0 ]]; then
  echo "run.sh: reproduce a finding with .build-fuzz/bin/<target> <artifact> (docs/development.md, Fuzzing)" >&2
  exit 1
fi
