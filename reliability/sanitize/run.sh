#!/usr/bin/env bash
# The memory-unsafe code (Sources/CVision/*.cpp and Sources/CFFmpeg/shim.h) under AddressSanitizer + UBSan over a
# sweep of picture sizes, pixel formats, codecs and display rotations.
#
# 1. Compiles frame_sweep.cpp (beside this script) and every Sources/CVision/*.cpp with clang++ -fsanitize=address,
#    undefined into .build-sanitize/ (git-ignored), linked like Package.swift links them. Only changed files are
#    recompiled on a re-run.
# 2. Makes short clips (3 frames each) with ffmpeg into .build-sanitize/clips: every size from 1x1 to 4000x2 once,
#    in yuv420p, yuvj420p, yuv444p, nv12, gray, rgb24 and yuv420p10le, as H.264, MPEG-4, MJPEG, FFV1 or raw video,
#    some with a display-matrix rotation. The picture comes from ../shared/media (a face in front of a big logo, so
#    the face, eye, expression, identity and text paths see real input) when that folder is there, from ffmpeg's
#    testsrc2 pattern otherwise; SANITIZE_SOURCE=PATH picks another still.
# 3. Runs the driver once per clip (ASAN_OPTIONS=detect_leaks=0:halt_on_error=1,
#    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1) and prints one line per clip.
#
# Exit status: 0 when every clip ran clean; 1 when any clip had a sanitizer report or crashed, failed to decode or
# convert, or had a CVision call fail that must succeed on a valid frame (see frame_sweep.cpp for which may fail);
# 2 on bad usage or a failed build. Logs: .build-sanitize/logs/<clip>.log.
#
# Usage: reliability/sanitize/run.sh [--lsan] [--no-guard] [--verbose] [CLIP_NAME...]
#   --lsan      also run LeakSanitizer (detect_leaks=1)
#   --verbose   also print how often each CVision entry point was called per clip
#   --no-guard  plain heap buffers instead of guard pages around the pixel buffers (see frame_sweep.cpp)
#   CLIP_NAME   only these clips (names as printed, e.g. 426x240_yuv420p_mpeg4)
# Needs what scripts/setup.sh installs (ffmpeg, the -dev packages, models/) and /opt/swift/usr/bin/clang++ (or
# CXX=/path/to/clang++ with the ASan and UBSan runtimes).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

leaks=0 guard_flag=() only=() verbose=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lsan) leaks=1; shift ;;
    --no-guard) guard_flag=(--no-guard); shift ;;
    --verbose) verbose=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done

build="$root/.build-sanitize"
clips="$build/clips" objects="$build/obj" logs="$build/logs" out="$build/out"
mkdir -p "$clips" "$objects" "$logs" "$out"
cxx="${CXX:-/opt/swift/usr/bin/clang++}"
[[ -x "$cxx" ]] || { echo "run.sh: no clang++ at $cxx (set CXX)" >&2; exit 2; }
for tool in ffmpeg pkg-config; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing: run scripts/setup.sh" >&2; exit 2; }
done
[[ -f models/yunet_n_320_320.onnx ]] || { echo "run.sh: models/ is empty: run scripts/setup.sh" >&2; exit 2; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
started="$(now)"

# ---- 1. Build ------------------------------------------------------------------------------------------------------
sanitizers="address,undefined"
cxxflags=("-fsanitize=$sanitizers" -fno-omit-frame-pointer -fno-sanitize-recover=all -g -O1 -std=c++17
          -I/usr/include/opencv4 -ISources/CVision/include)
linker=(); [[ -x "$(dirname "$cxx")/ld.lld" ]] && linker=(-fuse-ld=lld)
read -r -a ffmpeg_libs <<< "$(pkg-config --libs libavformat libavcodec libswscale libavutil)"
libs=("${ffmpeg_libs[@]}" -lopencv_core -lopencv_imgproc -lopencv_imgcodecs -lopencv_dnn
      -ldlib -lblas -llapack -ltesseract -llept)

# A new compiler or new flags rebuild everything.
stamp="$("$cxx" --version | head -n 1) ${cxxflags[*]}"
if [[ ! -f "$objects/.flags" || "$(cat "$objects/.flags")" != "$stamp" ]]; then
  rm -f "$objects"/*.o
  printf '%s' "$stamp" > "$objects/.flags"
fi

# source:extra-dependencies; the slowest (dlib's templates) first so that the others fill the second core.
units=("Sources/CVision/face_embedder.cpp")
for source in Sources/CVision/*.cpp; do [[ "$source" == */face_embedder.cpp ]] || units+=("$source"); done
units+=("reliability/sanitize/frame_sweep.cpp")
shared_headers=(Sources/CVision/guard.hpp Sources/CVision/include/CVision.h)

stale() { # object source...: the object is missing or older than a source
  local object="$1"; shift
  [[ -f "$object" ]] || return 0
  local file
  for file in "$@"; do [[ "$file" -nt "$object" ]] && return 0; done
  return 1
}
compile() { # source object extra-flags...
  local source="$1" object="$2"; shift 2
  if "$cxx" "${cxxflags[@]}" "$@" -c "$source" -o "$object.tmp" 2> "$object.log"; then
    mv "$object.tmp" "$object"
  else
    rm -f "$object.tmp"
  fi
}

echo "== build ($cxx, ${cxxflags[*]})"
build_started="$(now)"
jobs_max="$(nproc)"
objects_list=()
for source in "${units[@]}"; do
  name="$(basename "$source" .cpp)"
  object="$objects/$name.o"
  objects_list+=("$object")
  extra=()
  dependencies=("$source" "${shared_headers[@]}")
  if [[ "$name" == frame_sweep ]]; then
    extra=(-ISources/CFFmpeg -Wall -Wextra)
    dependencies+=(Sources/CFFmpeg/shim.h)
  fi
  stale "$object" "${dependencies[@]}" || continue
  rm -f "$object"
  while [[ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]]; do wait -n || true; done
  compile "$source" "$object" "${extra[@]}" &
done
wait
for object in "${objects_list[@]}"; do
  if [[ ! -f "$object" ]]; then
    echo "run.sh: compiling $(basename "$object" .o) failed:" >&2
    cat "$object.log" >&2
    exit 2
  fi
done
driver="$build/frame_sweep"
if stale "$driver" "${objects_list[@]}"; then
  "$cxx" "-fsanitize=$sanitizers" "${linker[@]}" "${objects_list[@]}" -o "$driver" "${libs[@]}" \
    || { echo "run.sh: linking failed" >&2; exit 2; }
fi
echo "   built in $(elapsed "$build_started") s"

# ---- 2. Clips ------------------------------------------------------------------------------------------------------
# name = WIDTHxHEIGHT_PIXFMT_CODEC[_rDEGREES] (stored size); container; extra encoder options. Each size once; every
# pixel format at least three times; odd and tiny sizes in FFV1, raw video or MPEG-4. A rotation is set by a
# stream-copy remux with -metadata:s:v rotate=N (FFmpeg 5.1 writes a display matrix from it only when copying); the
# picture is stored turned N degrees clockwise, so that once VideoSampler's rotation is applied it stands upright
# again (the faces in it are then found: a check that the rotation goes the right way).
sweep=(
  "1x1_gray_rawvideo mkv"
  "2x2_yuv420p_libx264 mp4 -preset ultrafast"
  "3x3_yuv444p_ffv1 mkv"
  "15x15_yuv420p_ffv1 mkv"
  "16x16_nv12_rawvideo mkv"
  "17x9_rgb24_rawvideo mov"
  "17x9_rgb24_rawvideo_r90 mov"
  "33x31_yuv420p10le_ffv1 mkv"
  "160x120_nv12_rawvideo mkv"
  "320x240_yuv420p10le_libx264 mp4 -preset ultrafast"
  "360x640_yuv420p_libx264 mp4 -preset ultrafast"
  "426x240_yuv420p_mpeg4 avi -q:v 4"
  "540x960_yuv420p_libx264_r90 mp4 -preset ultrafast"
  "597x335_yuv444p_libx264 mp4 -preset ultrafast"
  "597x335_yuv420p_mpeg4_r270 mp4 -q:v 4"
  "640x480_yuvj420p_mjpeg avi -q:v 4"
  "720x1280_yuv420p10le_libx264_r270 mp4 -preset ultrafast"
  "854x480_rgb24_rawvideo mov"
  "1078x720_gray_ffv1 mkv"
  "1278x720_yuv420p_libx264 mp4 -preset ultrafast"
  "1280x720_nv12_rawvideo mkv"
  "1080x1920_yuv420p_libx264_r90 mp4 -preset ultrafast"
  "1920x1080_yuv444p_libx264_r180 mp4 -preset ultrafast"
  "2x4000_yuv420p_ffv1 mkv"
  "4000x2_gray_rawvideo mkv"
)

source_image="${SANITIZE_SOURCE:-$root/../shared/media/images/g05_text_and_face_spacex.jpg}"
if [[ -f "$source_image" ]]; then
  input=(-loop 1 -framerate 25 -i "$source_image")
  source_text="$(realpath "$source_image")"
else
  input=(-f lavfi -i testsrc2=size=1280x720:rate=25)
  source_text="ffmpeg testsrc2 (no face in view: the face-dependent calls run on a stand-in face box)"
fi
# New clips when the source or this script changed.
clip_stamp="$source_text $(sha256sum "$0" | cut -c1-16)"
if [[ ! -f "$clips/.source" || "$(cat "$clips/.source")" != "$clip_stamp" ]]; then
  rm -f "$clips"/*.*
  printf '%s' "$clip_stamp" > "$clips/.source"
fi

echo "== clips from $source_text"
clips_started="$(now)"
selected=()
for entry in "${sweep[@]}"; do
  read -r -a fields <<< "$entry"
  name="${fields[0]}" container="${fields[1]}" options=("${fields[@]:2}")
  if [[ ${#only[@]} -gt 0 ]]; then
    wanted=0
    for pick in "${only[@]}"; do [[ "$pick" == "$name" ]] && wanted=1; done
    [[ $wanted -eq 1 ]] || continue
  fi
  IFS=_ read -r size format codec rotation <<< "$name"
  width="${size%x*}" height="${size#*x}"
  file="$clips/$name.$container"
  selected+=("$file")
  [[ -s "$file" ]] && continue
  encoded="$file"; [[ -n "$rotation" ]] && encoded="$clips/$name.plain.$container"
  # Scale to cover the displayed size, crop in RGB (so that odd sizes stay odd), turn, then the clip's pixel format.
  shown_width="$width" shown_height="$height" turn=""
  case "$rotation" in
    r90) shown_width="$height" shown_height="$width" turn="transpose=clock," ;;
    r180) turn="hflip,vflip," ;;
    r270) shown_width="$height" shown_height="$width" turn="transpose=cclock," ;;
  esac
  filter="scale=$shown_width:$shown_height:force_original_aspect_ratio=increase,format=rgb24"
  filter+=",crop=$shown_width:$shown_height,${turn}format=$format"
  ffmpeg -nostdin -v error -y "${input[@]}" -vf "$filter" -frames:v 3 -c:v "$codec" "${options[@]}" "$encoded"
  if [[ -n "$rotation" ]]; then
    ffmpeg -nostdin -v error -y -i "$encoded" -c copy -metadata:s:v rotate="${rotation#r}" "$file"
    rm -f "$encoded"
  fi
done
if [[ ${#selected[@]} -eq 0 ]]; then echo "run.sh: no clip named ${only[*]}" >&2; exit 2; fi
echo "   ${#selected[@]} clips ready in $(elapsed "$clips_started") s"

# ---- 3. Sweep ------------------------------------------------------------------------------------------------------
export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
symbolizer="$(dirname "$cxx")/llvm-symbolizer"
[[ -x "$symbolizer" ]] && export ASAN_SYMBOLIZER_PATH="$symbolizer" UBSAN_SYMBOLIZER_PATH="$symbolizer"

echo "== sweep (ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS${guard_flag[*]:+ ${guard_flag[*]}})"
sweep_started="$(now)"
failed=() expected_errors=0
for file in "${selected[@]}"; do
  name="$(basename "${file%.*}")"
  log="$logs/$name.log"
  clip_started="$(now)"
  status=0
  "$driver" --models models --out "$out" "${guard_flag[@]}" "$file" > "$log" 2>&1 || status=$?
  seconds="$(elapsed "$clip_started")"
  summary="$(grep -m1 '^CLIP ' "$log" || true)"
  calls="$(grep -m1 '^CALLS ' "$log" | cut -d' ' -f3 || true)"
  # Drop "CLIP <name> stored=WxH" and the counters of CV_ERRORs and failures (shown below when not zero).
  found="$(sed -e 's/^CLIP [^ ]* stored=[^ ]* //' -e 's/ cv_error_.*//' <<< "$summary")"
  expected="$(grep -c '^CV_ERROR expected' "$log" || true)"
  expected_errors=$((expected_errors + expected))
  report="$(grep -m1 -E 'SUMMARY: [A-Za-z]+Sanitizer' "$log" || grep -m1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' \
             "$log" || true)"
  if [[ $status -eq 0 && -z "$report" ]]; then
    printf 'ok    %-34s %s, %s CV_ERROR expected (%s s)\n' "$name" "$found" "$expected" "$seconds"
    [[ -z "$verbose" ]] || echo "        calls: $calls"
    continue
  fi
  failed+=("$name")
  if [[ -n "$report" ]]; then why="sanitizer: $report"
  elif [[ $status -eq 3 ]]; then why="a CVision call that must succeed returned CV_ERROR"
  elif [[ $status -eq 4 ]]; then why="decoding or BGR conversion failed"
  else why="exit status $status"
  fi
  printf 'FAIL  %-34s %s (%s s)\n' "$name" "$why" "$seconds"
  grep -E '^(CV_ERROR UNEXPECTED|FAIL) ' "$log" | head -n 5 | sed 's/^/        /' || true
  grep '^STEP ' "$log" | tail -n 1 | sed 's/^STEP /        last step: /' || true
  # The report's first line, what it says about the access, its first stack frames (register dumps left out).
  grep -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:|is caused by|is located|^ *#[0-9]+ ' "$log" | head -n 12 \
    | sed 's/^/        /' || true
  echo "        log: $log"
done
echo "   swept in $(elapsed "$sweep_started") s; total $(elapsed "$started") s;" \
  "$expected_errors expected CV_ERRORs (see logs)"

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${#failed[@]} of ${#selected[@]} clips: ${failed[*]}"
  exit 1
fi
checkers="ASan + UBSan"; [[ $leaks -eq 1 ]] && checkers+=" + LSan"
echo "PASSED: ${#selected[@]} clips clean under $checkers"
