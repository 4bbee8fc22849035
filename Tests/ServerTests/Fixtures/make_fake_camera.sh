#!/usr/bin/env bash
# Build a Y4M file that Chromium can play as a fake webcam
# (--use-file-for-fake-video-capture=OUT.y4m).
#
# usage: make_fake_camera.sh OUT.y4m [VIDEO]
#   VIDEO defaults to <project root>/../shared/media/videos/v01_webcam_gaze_left.mp4
#   (the project root is three levels above this script's directory).
# The first 12 s are kept, scaled to 480 px wide at 10 fps, yuv420p.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
    echo "usage: $(basename "$0") OUT.y4m [VIDEO]" >&2
    exit 2
fi

out=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project_root=$(cd "$here/../../.." && pwd)
video=${2:-"$project_root/../shared/media/videos/v01_webcam_gaze_left.mp4"}

if ! command -v ffmpeg >/dev/null 2>&1; then
    echo "error: ffmpeg not found on PATH" >&2
    exit 1
fi
if [[ ! -f "$video" ]]; then
    echo "error: input video not found: $video" >&2
    exit 1
fi
case "$out" in
    *.y4m) ;;
    *) echo "error: OUT must end in .y4m (Chromium picks the format from the extension)" >&2; exit 2 ;;
esac

mkdir -p "$(dirname "$out")"
ffmpeg -hide_banner -loglevel error -nostdin -y -i "$video" -t 12 \
    -vf "scale=480:-2,fps=10" -pix_fmt yuv420p "$out"

if [[ ! -s "$out" ]]; then
    echo "error: ffmpeg produced no output at $out" >&2
    exit 1
fi
echo "$out"
