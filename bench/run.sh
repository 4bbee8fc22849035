#!/usr/bin/env bash
# bench/run.sh - analysis-cost benchmark for `proctor`.
#
# What it measures: on one long 1280x720 H.264 video, the time and peak memory of
#   (a) `proctor decode  VIDEO --fps N`                        sampling only (the baseline), and
#   (b) `proctor analyze VIDEO --fps N -o report.json`  sampling + full analysis (all detectors),
# so that (b) - (a) is the cost of the analysis itself. Each command runs twice (interleaved: decode,
# analyze, decode, analyze); the better wall time of each is kept and both are reported. Wall time,
# user+sys CPU time and peak RSS come from GNU `/usr/bin/time -v` when present, else from a small
# Python wrapper (time.monotonic + resource.getrusage(RUSAGE_CHILDREN).ru_maxrss).
#
# The test video (built once, cached in bench/work/, which is git-ignored): every clip in
# ../shared/media/videos/*.mp4 (sorted by name) is scaled to fit 1280x720 keeping its aspect ratio,
# padded (black) to 1280x720, converted to 30 fps yuv420p and encoded with libx264 (preset medium,
# crf 23, GOP 250 frames = x264's default keyint, no audio); the clips are concatenated into one
# "cycle" file, and the cycle is repeated (stream copy, concat demuxer) and cut to exactly M minutes.
# The video is rebuilt only if it is missing or its duration/resolution is wrong. The media are only
# read from ../shared/media; nothing is copied into the project.
#
# Results go to bench/RESULTS.md (rewritten each run, keeping its '## Live API load' section); the raw outputs (decode JSON, analysis
# report, time logs) stay in bench/work/.
#
# Usage: bench/run.sh [--fps N] [--minutes M] [--out FILE]
#   --fps N      frames sampled per second of video (default 1)
#   --minutes M  length of the test video in minutes (default 10 -> bench/work/long_720p.mp4;
#                other lengths use bench/work/long_720p_<M>min.mp4)
#   --out FILE   where to write the results (default bench/RESULTS.md)
# Environment: PROCTOR=/path/to/proctor uses that binary instead of .build/release/proctor
#              (which is rebuilt incrementally with `swift build -c release --product proctor` first).
set -euo pipefail

FPS=1
MINUTES=10
OUT=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --fps) FPS="${2:?--fps needs a value}"; shift 2 ;;
        --fps=*) FPS="${1#*=}"; shift ;;
        --minutes) MINUTES="${2:?--minutes needs a value}"; shift 2 ;;
        --minutes=*) MINUTES="${1#*=}"; shift ;;
        --out) OUT="${2:?--out needs a value}"; shift 2 ;;
        --out=*) OUT="${1#*=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$FPS" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "run.sh: --fps must be a positive number" >&2; exit 2; }
[[ "$MINUTES" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --minutes must be a positive integer" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MEDIA_REL="../shared/media/videos"
MEDIA="$ROOT/$MEDIA_REL"
WORK="bench/work"
OUT="${OUT:-bench/RESULTS.md}"
TARGET_S=$((MINUTES * 60))
if [[ "$MINUTES" == 10 ]]; then VIDEO="$WORK/long_720p.mp4"; else VIDEO="$WORK/long_720p_${MINUTES}min.mp4"; fi
CYCLE="$WORK/cycle_720p.mp4"
mkdir -p "$WORK"

log() { printf '[bench] %s\n' "$*" >&2; }
for tool in ffmpeg ffprobe python3 git; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

probe_duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1" 2>/dev/null || true; }
probe_size() {
    ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$1" 2>/dev/null || true
}
# video_ok FILE SECONDS: exists, 1280x720, duration within 0.5 s of SECONDS.
video_ok() {
    [[ -s "$1" ]] || return 1
    [[ "$(probe_size "$1")" == "1280x720" ]] || return 1
    python3 -c 'import sys; d=sys.argv[1]; sys.exit(0 if d and abs(float(d)-float(sys.argv[2])) <= 0.5 else 1)' \
        "$(probe_duration "$1")" "$2"
}

# ---------------------------------------------------------------------------------------------- video
shopt -s nullglob
CLIPS=("$MEDIA"/*.mp4)
shopt -u nullglob
[[ ${#CLIPS[@]} -gt 0 ]] || { echo "run.sh: no clips in $MEDIA" >&2; exit 1; }

if video_ok "$VIDEO" "$TARGET_S"; then
    log "using cached $VIDEO"
else
    if [[ ! -s "$CYCLE" ]] || [[ "$(probe_size "$CYCLE")" != "1280x720" ]]; then
        log "encoding ${#CLIPS[@]} clips into one 1280x720 cycle: $CYCLE"
        args=() filters="" labels=""
        for i in "${!CLIPS[@]}"; do
            args+=(-i "${CLIPS[$i]}")
            filters+="[$i:v:0]scale=1280:720:force_original_aspect_ratio=decrease,"
            filters+="pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=30,format=yuv420p[v$i];"
            labels+="[v$i]"
        done
        filters+="${labels}concat=n=${#CLIPS[@]}:v=1:a=0[out]"
        ffmpeg -nostdin -hide_banner -loglevel error -y "${args[@]}" -filter_complex "$filters" -map "[out]" \
            -c:v libx264 -preset medium -crf 23 -g 250 -pix_fmt yuv420p -r 30 -an \
            -movflags +faststart "$CYCLE.tmp.mp4"
        mv "$CYCLE.tmp.mp4" "$CYCLE"
    fi
    CYCLE_S="$(probe_duration "$CYCLE")"
    REPEATS="$(python3 -c 'import math,sys; print(math.ceil(float(sys.argv[2]) / float(sys.argv[1])))' "$CYCLE_S" "$TARGET_S")"
    log "cycle is ${CYCLE_S} s; repeating it ${REPEATS}x and cutting to ${TARGET_S} s: $VIDEO"
    LIST="$WORK/concat_list.txt"
    : >"$LIST"
    for ((r = 0; r < REPEATS; r++)); do echo "file '$(basename "$CYCLE")'" >>"$LIST"; done
    ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 -i "$LIST" -t "$TARGET_S" -c copy \
        -movflags +faststart "$VIDEO.tmp.mp4"
    mv "$VIDEO.tmp.mp4" "$VIDEO"
    rm -f "$LIST"
    video_ok "$VIDEO" "$TARGET_S" || { echo "run.sh: built $VIDEO but its duration/size is wrong" >&2; exit 1; }
fi
VIDEO_DESC="$(ffprobe -v error -select_streams v:0 \
    -show_entries stream=codec_name,profile,width,height,pix_fmt,r_frame_rate,nb_frames:format=duration,size,bit_rate \
    -of json "$VIDEO")"
GOP_DESC="$(ffprobe -v error -select_streams v:0 -skip_frame nokey -show_entries frame=pts_time -of csv=p=0 \
    -read_intervals "%+60" "$VIDEO" | wc -l) keyframes in the first 60 s"

# --------------------------------------------------------------------------------------------- binary
if [[ -n "${PROCTOR:-}" ]]; then
    [[ -x "$PROCTOR" ]] || { echo "run.sh: PROCTOR=$PROCTOR is not executable" >&2; exit 1; }
    BIN="$PROCTOR"
else
    # Always (re)build: incremental, so it costs seconds when the sources have not changed, and the numbers
    # never come from a binary older than the sources.
    BIN="$ROOT/.build/release/proctor"
    log "building the release binary (swift build -c release --product proctor)"
    [[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"
    (cd "$ROOT" && swift build -c release --product proctor >&2)
fi
BIN_BUILT="$(date -r "$BIN" '+%Y-%m-%d %H:%M:%S %Z')"

# ------------------------------------------------------------------------------------------- measuring
# measure LOG CMD...: runs CMD (stdout to the caller), writes "wall_s user_s sys_s maxrss_kb" to LOG.
PY_MEASURE='
import os, resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.call(sys.argv[2:])
wall = time.monotonic() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{wall:.3f} {ru.ru_utime:.3f} {ru.ru_stime:.3f} {ru.ru_maxrss}\n")
sys.exit(rc)
'
measure() {
    local out="$1"; shift
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v -o "$out.timev" "$@"
        python3 - "$out.timev" "$out" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def field(name):
    m = re.search(r"^\s*" + re.escape(name) + r".*?:\s*([0-9:.]+)\s*$", text, re.M)
    if not m: sys.exit(f"no '{name}' in {sys.argv[1]}")
    return m.group(1)
wall = 0.0
for part in field("Elapsed (wall clock) time").split(":"):
    wall = wall * 60 + float(part)
with open(sys.argv[2], "w") as f:
    f.write(f"{wall:.3f} {field('User time (seconds)')} {field('System time (seconds)')} "
            f"{field('Maximum resident set size (kbytes)')}\n")
EOF
        MEASURED_WITH="GNU time (/usr/bin/time -v)"
    else
        python3 -c "$PY_MEASURE" "$out" "$@"
        MEASURED_WITH="python3 wrapper (time.monotonic, getrusage(RUSAGE_CHILDREN).ru_maxrss)"
    fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "reading $VIDEO once to warm the page cache (load average before: $LOAD_BEFORE)"
cat "$VIDEO" >/dev/null
DECODE_CMD=("$BIN" decode "$VIDEO" --fps "$FPS")
ANALYZE_CMD=("$BIN" analyze "$VIDEO" --fps "$FPS" -o "$WORK/report.json")
for run in 1 2; do
    log "run $run/2: ${DECODE_CMD[*]}"
    measure "$WORK/decode.$run.time" "${DECODE_CMD[@]}" >"$WORK/decode.$run.json"
    log "  -> $(cat "$WORK/decode.$run.time")  (wall user sys maxrss_kB)"
    log "run $run/2: ${ANALYZE_CMD[*]}"
    measure "$WORK/analyze.$run.time" "${ANALYZE_CMD[@]}" 2>"$WORK/analyze.$run.log"
    cp "$WORK/report.json" "$WORK/report.$run.json"
    log "  -> $(cat "$WORK/analyze.$run.time")  (wall user sys maxrss_kB)"
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# -------------------------------------------------------------------------------------------- results
CPU_MODEL="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
MEM_TOTAL="$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
COMMIT="$(git rev-parse --short HEAD)"
DIRTY="$(git status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null | wc -l | tr -d ' ')"

export LOAD_BEFORE LOAD_AFTER FPS MINUTES VIDEO VIDEO_DESC GOP_DESC WORK OUT BIN BIN_BUILT CPU_MODEL MEM_TOTAL COMMIT DIRTY MEASURED_WITH
export NPROC="$(nproc)" KERNEL="$(uname -sr)" FFMPEG_VERSION="$(ffmpeg -version | head -1)"
export CLIP_NAMES="$(for c in "${CLIPS[@]}"; do basename "$c"; done | paste -sd, - | sed 's/,/, /g')"
export DEFAULT_RUN="$([[ "$FPS" == 1 && "$MINUTES" == 10 ]] && echo 1 || echo 0)"
python3 - <<'EOF'
import datetime, json, os, sys
E = os.environ
work = E["WORK"]

def load_time(name, run):
    wall, user, sys_, rss = open(f"{work}/{name}.{run}.time").read().split()
    return {"wall": float(wall), "cpu": float(user) + float(sys_), "rss_mb": int(rss) / 1024}

dec = [load_time("decode", r) for r in (1, 2)]
ana = [load_time("analyze", r) for r in (1, 2)]
dj = [json.load(open(f"{work}/decode.{r}.json")) for r in (1, 2)]
rj = [json.load(open(f"{work}/report.{r}.json"))["input"] for r in (1, 2)]
bd = min(range(2), key=lambda i: dec[i]["wall"])
ba = min(range(2), key=lambda i: ana[i]["wall"])
d, a = dec[bd], ana[ba]
sampled = dj[bd]["frames_sampled"]
decoded = dj[bd]["frames_decoded"]
analysed = rj[ba]["frames_analysed"]
v = json.loads(E["VIDEO_DESC"])
vs, vf = v["streams"][0], v["format"]
num, den = (int(x) for x in vs["r_frame_rate"].split("/"))

notes = []
if len({x["frames_sampled"] for x in dj} | {x["frames_analysed"] for x in rj}) != 1:
    notes.append(f"frame counts differ: decode sampled {[x['frames_sampled'] for x in dj]}, "
                 f"analyze analysed {[x['frames_analysed'] for x in rj]}")
for x in dj + rj:
    if x.get("partial_reason") or x.get("partial"):
        notes.append(f"partial result reported: {x.get('partial_reason') or x}")
if E["DIRTY"] != "0":
    notes.append(f"the working tree had {E['DIRTY']} uncommitted change(s) under Sources/ or Package.* when this "
                 "ran; the binary may include work in progress (binary built " + E["BIN_BUILT"] + ")")
if E["DEFAULT_RUN"] != "1":
    notes.append(f"non-default parameters (--fps {E['FPS']} --minutes {E['MINUTES']})")

def f1(x): return f"{x:.1f}"
def ms(x): return f"{x * 1000:.1f}"
rows = [
    ("wall time, run 1 (s)", f1(dec[0]["wall"]), f1(ana[0]["wall"])),
    ("wall time, run 2 (s)", f1(dec[1]["wall"]), f1(ana[1]["wall"])),
    ("**wall time, best (s)**", f"**{f1(d['wall'])}**", f"**{f1(a['wall'])}**"),
    ("CPU time user+sys, best run (s)", f1(d["cpu"]), f1(a["cpu"])),
    ("peak RSS, run 1 / run 2 (MB)", f"{f1(dec[0]['rss_mb'])} / {f1(dec[1]['rss_mb'])}",
     f"{f1(ana[0]['rss_mb'])} / {f1(ana[1]['rss_mb'])}"),
    ("frames sampled / analysed", str(sampled), str(analysed)),
    ("frames decoded (all, incl. skipped)", str(decoded), "-"),
    ("wall time per sampled frame (ms)", ms(d["wall"] / sampled), ms(a["wall"] / max(analysed, 1))),
    ("sampled frames per second of wall time", f1(sampled / d["wall"]), f1(analysed / a["wall"])),
]
extra_ms = (a["wall"] - d["wall"]) / max(analysed, 1)
cmd_suffix = "" if E["DEFAULT_RUN"] == "1" else f" --fps {E['FPS']} --minutes {E['MINUTES']}"

md = f"""# proctor benchmark: decode vs. full analysis

Generated by `bench/run.sh` (overwritten on each run).

- **Date:** {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M:%S %Z')}
- **Commit:** `{E['COMMIT']}`{' (with uncommitted changes under Sources/, see notes)' if E['DIRTY'] != '0' else ''}
- **Binary:** `{os.path.relpath(E['BIN'])}` (built {E['BIN_BUILT']})
- **Machine:** {E['NPROC']} CPUs (`nproc`), {E['CPU_MODEL']}, {E['MEM_TOTAL']} RAM, {E['KERNEL']}; load average (1/5/15 min) {E['LOAD_BEFORE']} before the runs, {E['LOAD_AFTER']} after (the benchmark itself keeps about 1-2 CPUs busy; more than that means something else was running)
- **FFmpeg:** {E['FFMPEG_VERSION']}
- **Measured with:** {E['MEASURED_WITH']}; each command run twice (interleaved decode, analyze, decode, analyze) after one read of the video to warm the page cache; the better wall time is kept.

## Video

`{E['VIDEO']}`: {float(vf['duration']):.1f} s ({float(vf['duration']) / 60:.1f} min), {vs['width']}x{vs['height']}, {vs['codec_name']} ({vs.get('profile', '?')}), {vs['pix_fmt']}, {num / den:g} fps, {vs.get('nb_frames', '?')} frames, {int(vf['size']) / 1e6:.1f} MB ({int(vf['bit_rate']) / 1e6:.2f} Mbit/s), {E['GOP_DESC']}, no audio.

Built by the script from the shared clips in `../shared/media/videos/` ({E['CLIP_NAMES']}): each clip scaled to fit 1280x720 keeping its aspect ratio, padded with black to 1280x720, converted to 30 fps yuv420p, encoded with libx264 (preset medium, crf 23, GOP 250); the clips concatenated into one cycle, and the cycle repeated (stream copy) and cut to {int(E['MINUTES']) * 60} s.

## Results (--fps {E['FPS']})

| | `proctor decode` | `proctor analyze` |
|---|---:|---:|
""" + "\n".join(f"| {r[0]} | {r[1]} | {r[2]} |" for r in rows) + f"""

- **Ratio analyze / decode (best wall times):** {a['wall'] / d['wall']:.2f}x
- **Analysis throughput:** {analysed / a['wall']:.1f} frames analysed per second of analysis ({analysed} frames in {a['wall']:.1f} s)
- **Analysis cost on top of sampling:** {ms(extra_ms)} ms per analysed frame ((analyze - decode) / frames)
- **Peak memory:** decode {f1(max(x['rss_mb'] for x in dec))} MB, analyze {f1(max(x['rss_mb'] for x in ana))} MB (max RSS over both runs)
"""
best_run = 1 if ana[0]['wall'] <= ana[1]['wall'] else 2
stage_lines = [line.split("stage timings: ", 1)[1].strip()
               for line in open(f"{work}/analyze.{best_run}.log") if "stage timings: " in line]
if stage_lines:
    md += "\n## Where the analysis time goes\n\n"
    md += f"Per stage of `proctor analyze` (run {best_run}, from its `stage timings` log line; wall time inside each stage, costliest first; decoding runs on its own thread beside these):\n\n"
    md += "\n".join(f"- {part.strip()}" for part in stage_lines[0].split(",")) + "\n"
if notes:
    md += "\n## Notes\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
md += f"""
## Reproduce

```sh
bench/run.sh{cmd_suffix}
```

Commands timed:

```sh
proctor decode  {E['VIDEO']} --fps {E['FPS']}
proctor analyze {E['VIDEO']} --fps {E['FPS']} -o {work}/report.json   # progress and stage timings on stderr
```

Raw outputs (decode JSON, reports, time logs) are in `{work}/` (git-ignored). `PROCTOR=/path/to/proctor bench/run.sh` benchmarks another binary; `--fps N` and `--minutes M` change the sampling rate and video length.
"""
# Keep the live API section that bench/serve-load.sh writes into the same file.
try:
    previous = open(E["OUT"]).read()
except OSError:
    previous = ""
marker = "\n## Live API load"
if marker in "\n" + previous:
    section = ("\n" + previous).split(marker, 1)[1]
    following = section.find("\n## ")
    md = md.rstrip("\n") + "\n" + marker + (section if following < 0 else section[:following]).rstrip("\n") + "\n"
open(E["OUT"], "w").write(md)
print(md)
EOF
log "wrote $OUT"
