#!/usr/bin/env bash
# Analyse every recording in a folder with `proctor analyze`: one report per file (JSON, or Markdown with
# FORMAT=markdown), evidence frames in a sub-folder per recording. A file that fails is reported on stderr and the
# loop goes on; the exit status is non-zero when any file failed.
# Usage: [FORMAT=markdown] [PROCTOR=path/to/proctor] samples/analyze-folder.sh INPUT_DIR OUTPUT_DIR [analyze options...]
set -uo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 INPUT_DIR OUTPUT_DIR [proctor analyze options...]" >&2
  exit 2
fi
input=$1 output=$2
shift 2
proctor=${PROCTOR:-$(dirname "$0")/../.build/release/proctor}
format=${FORMAT:-json}
extension=$([[ $format == markdown ]] && echo md || echo json)
mkdir -p "$output"
failures=0
shopt -s nullglob nocaseglob
for video in "$input"/*.{mp4,webm,avi,mkv,mov}; do
  name=$(basename "${video%.*}")
  echo "== $name" >&2
  if "$proctor" analyze "$video" --quiet --format "$format" --evidence-dir "$output/$name-evidence" \
       -o "$output/$name.$extension" "$@"; then
    echo "   ok: $output/$name.$extension" >&2
  else
    failures=$((failures + 1))
  fi
done
echo "done, $failures failure(s)" >&2
[[ $failures -eq 0 ]]
