#!/usr/bin/env bash
# bench/serve-load.sh - load benchmark of the live API (`proctor serve`).
#
# What it measures: per-frame latency, throughput, rejections (429/503) and errors of
# POST /api/sessions/{id}/frame with N concurrent sessions, each sending F JPEG frames a second for S
# seconds (bench/load.py; see its header for the exact client behaviour), and the server's peak RSS and
# CPU time for each run. The first run is always one session on the idle, freshly started server (the
# baseline row); then one run per session count of --sessions (a count of 1 is not run twice).
#
# Frames (built once, cached in bench/work/live_frames/, which is git-ignored): from every clip in
# ../shared/media/videos/*.mp4 (sorted by name), one frame per second of video, at most 12 per clip, scaled to
# 640 px wide (aspect kept), JPEG quality 3 (ffmpeg -q:v) -> about 60 frames.
#
# The server: ${PROCTOR:-.build/release/proctor} serve --port <free port> --data <temp dir> --insecure, in the
# background, its log in bench/work/live_server.log; the script waits for GET /health, and waits for the
# analysis queue to drain (`queued` 0 in /health) before each run. Peak RSS per run is VmHWM from
# /proc/PID/status, reset before each run by writing 5 to /proc/PID/clear_refs (if the kernel refuses, the
# value is the peak since the server started, and the notes say so). CPU is utime+stime from /proc/PID/stat
# over the run, shown as a share of one core (100% = one core busy for the whole run). The server is killed
# and the temp dir removed at exit.
#
# Results go to bench/RESULTS.md, section "## Live API load": that section is replaced (or appended when
# absent); the rest of the file is left untouched. Raw results: bench/work/live_load.<N>.json.
#
# Usage: bench/serve-load.sh [--sessions "1 10 50"] [--fps 1] [--seconds 30] [--out FILE]
#   --sessions LIST  session counts to run, space-separated (default "1 10 50")
#   --fps F          frames per second per session (default 1)
#   --seconds S      seconds each session sends frames (default 30)
#   --out FILE       the Markdown file to update (default bench/RESULTS.md)
# Environment: PROCTOR=/path/to/proctor (default .build/release/proctor; not built by this script),
#              PROCTOR_API_KEY=KEY sent as X-API-Key (not needed with --insecure).
set -euo pipefail

SESSIONS="1 10 50"
FPS=1
SECONDS_PER_RUN=30
OUT=""
ORIG_ARGS=("$@")
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sessions) SESSIONS="${2:?--sessions needs a value}"; shift 2 ;;
        --sessions=*) SESSIONS="${1#*=}"; shift ;;
        --fps) FPS="${2:?--fps needs a value}"; shift 2 ;;
        --fps=*) FPS="${1#*=}"; shift ;;
        --seconds) SECONDS_PER_RUN="${2:?--seconds needs a value}"; shift 2 ;;
        --seconds=*) SECONDS_PER_RUN="${1#*=}"; shift ;;
        --out) OUT="${2:?--out needs a value}"; shift 2 ;;
        --out=*) OUT="${1#*=}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "serve-load.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
[[ "$FPS" =~ ^[0-9]+([.][0-9]+)?$ ]] && [[ ! "$FPS" =~ ^0+([.]0*)?$ ]] ||
    { echo "serve-load.sh: --fps must be a positive number" >&2; exit 2; }
[[ "$SECONDS_PER_RUN" =~ ^[1-9][0-9]*$ ]] || { echo "serve-load.sh: --seconds must be a positive integer" >&2; exit 2; }
RUNS=(1)
for n in $SESSIONS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "serve-load.sh: bad session count '$n' in --sessions" >&2; exit 2; }
    [[ " ${RUNS[*]} " == *" $n "* ]] || RUNS+=("$n")
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MEDIA_REL="../shared/media/videos"
MEDIA="$ROOT/$MEDIA_REL"
WORK="bench/work"
FRAMES="$WORK/live_frames"
OUT="${OUT:-bench/RESULTS.md}"
BIN="${PROCTOR:-.build/release/proctor}"
SERVER_LOG="$WORK/live_server.log"
PER_CLIP=12
mkdir -p "$WORK"

log() { printf '[serve-load] %s\n' "$*" >&2; }
for tool in ffmpeg python3 curl git; do
    command -v "$tool" >/dev/null || { echo "serve-load.sh: $tool is required" >&2; exit 1; }
done
[[ -x "$BIN" ]] || {
    echo "serve-load.sh: $BIN is not an executable (build it: swift build -c release --product proctor," \
        "or set PROCTOR=/path/to/proctor)" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------- frames
shopt -s nullglob
CLIPS=("$MEDIA"/*.mp4)
CACHED=("$FRAMES"/*.jpg)
shopt -u nullglob
if [[ ${#CACHED[@]} -ge 10 && -f "$FRAMES/.complete" ]]; then
    log "using ${#CACHED[@]} cached frames in $FRAMES"
else
    [[ ${#CLIPS[@]} -gt 0 ]] || { echo "serve-load.sh: no clips in $MEDIA" >&2; exit 1; }
    log "extracting frames from ${#CLIPS[@]} clips into $FRAMES (1/s, <= $PER_CLIP per clip, 640 px wide)"
    rm -rf "$FRAMES"
    mkdir -p "$FRAMES"
    for clip in "${CLIPS[@]}"; do
        name="$(basename "$clip" .mp4)"
        ffmpeg -nostdin -hide_banner -loglevel error -y -i "$clip" -vf "fps=1,scale=640:-2" \
            -frames:v "$PER_CLIP" -q:v 3 "$FRAMES/${name}_%03d.jpg"
    done
    touch "$FRAMES/.complete"
fi
shopt -s nullglob
FRAME_FILES=("$FRAMES"/*.jpg)
shopt -u nullglob
[[ ${#FRAME_FILES[@]} -gt 0 ]] || { echo "serve-load.sh: no frames in $FRAMES" >&2; exit 1; }
FRAME_KB="$(du -ck "${FRAME_FILES[@]}" | tail -1 | cut -f1)"
FRAME_AVG_KB=$((FRAME_KB / ${#FRAME_FILES[@]}))

# ---------------------------------------------------------------------------------------------- server
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
DATA_DIR="$(mktemp -d -t proctor-serve-load.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting $BIN serve --port $PORT --data $DATA_DIR --insecure (log: $SERVER_LOG)"
"$BIN" serve --port "$PORT" --data "$DATA_DIR" --insecure >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

health() { curl -fsS --max-time 5 "$URL/health" 2>/dev/null; }
die_with_log() {
    echo "serve-load.sh: $1; the end of its log ($SERVER_LOG):" >&2
    tail -20 "$SERVER_LOG" >&2
    exit 1
}
ready=""
for _ in $(seq 240); do  # up to 120 s (a debug build loads its models slowly)
    kill -0 "$SERVER_PID" 2>/dev/null || die_with_log "the server exited during start-up"
    if health >/dev/null; then ready=1; break; fi
    sleep 0.5
done
[[ -n "$ready" ]] || die_with_log "no answer from $URL/health after 120 s"
HEALTH="$(health)"
log "server up (pid $SERVER_PID, $URL)"

# wait_idle: until /health says nothing is queued (at most 60 s).
wait_idle() {
    local q
    for _ in $(seq 120); do
        q="$(health | python3 -c 'import json, sys; print(json.load(sys.stdin).get("queued", 0))' 2>/dev/null ||
            echo "?")"
        [[ "$q" == "0" ]] && return 0
        sleep 0.5
    done
    log "warning: the analysis queue did not drain (queued=$q)"
}
# cpu_ticks: utime + stime of the server, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat"; }
vm_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }
CLK_TCK="$(getconf CLK_TCK)"
HWM_RESET=1
START_RSS_KB="$(vm_kb VmRSS)"

ROWS=()
for n in "${RUNS[@]}"; do
    wait_idle
    kill -0 "$SERVER_PID" 2>/dev/null || die_with_log "the server died"
    echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || HWM_RESET=0
    cpu0="$(cpu_ticks)"
    t0="$(date +%s.%N)"
    result="$WORK/live_load.$n.json"
    log "run: $n session(s) x $FPS fps x $SECONDS_PER_RUN s"
    python3 bench/load.py --url "$URL" ${PROCTOR_API_KEY:+--api-key "$PROCTOR_API_KEY"} --sessions "$n" \
        --fps "$FPS" --seconds "$SECONDS_PER_RUN" --frames-dir "$FRAMES" --out "$result" >&2
    t1="$(date +%s.%N)"
    kill -0 "$SERVER_PID" 2>/dev/null || die_with_log "the server died during the run"
    cpu1="$(cpu_ticks)"
    hwm="$(vm_kb VmHWM)"
    ROWS+=("$(python3 - "$result" "$hwm" "$cpu0" "$cpu1" "$CLK_TCK" "$t0" "$t1" <<'PY'
import json, sys
path, hwm, c0, c1, tck, t0, t1 = sys.argv[1:]
r = json.load(open(path))
cpu_s = (int(c1) - int(c0)) / int(tck)
wall = float(t1) - float(t0)
ms = lambda v: "-" if v is None else f"{v:.0f}"
print(" | ".join([
    str(r["sessions"]), f"{r['fps']:g}", f"{r['frames_ok']} / {r['frames_sent']}",
    ms(r["p50_ms"]), ms(r["p95_ms"]), ms(r["p99_ms"]), f"{r['throughput_fps']:.2f}",
    str(r["rejected_429_503"]), str(r["errors"]), f"{int(hwm) / 1024:.0f}",
    f"{cpu_s:.1f} s ({100 * cpu_s / wall:.0f}%)",
]))
PY
)")
done
END_RSS_KB="$(vm_kb VmRSS)"
SERVER_INFO="$(echo "$HEALTH" | python3 -c '
import json, sys
h = json.load(sys.stdin)
g = lambda k: h.get(k, "?")
print("server version %s, backend %s, %s workers, queue capacity %s"
      % (g("version"), g("backend"), g("workers"), g("queue_capacity")))
' 2>/dev/null || echo "server info unavailable")"

# --------------------------------------------------------------------------------------------- report
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git status --porcelain 2>/dev/null)" ]] || COMMIT="$COMMIT (with uncommitted changes)"
MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
MEM_GIB="$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
CMD="bench/serve-load.sh"
quote() { if [[ "$1" =~ ^[A-Za-z0-9_./=:@%+-]+$ ]]; then printf '%s' "$1"; else printf '"%s"' "${1//\"/\\\"}"; fi; }
for a in "${ORIG_ARGS[@]}"; do CMD+=" $(quote "$a")"; done
[[ -z "${PROCTOR:-}" ]] || CMD="PROCTOR=$(quote "$PROCTOR") $CMD"
if [[ "$HWM_RESET" == 1 ]]; then
    RSS_NOTE="peak RSS is VmHWM of the server process during that run (reset before each run)"
else
    RSS_NOTE="peak RSS is VmHWM of the server process since it started (the kernel refused to reset it between runs)"
fi

SECTION="$WORK/live_section.md"
{
    echo "## Live API load"
    echo
    echo "Generated by \`bench/serve-load.sh\` (this section is replaced on each run; the rest of the file is not touched)."
    echo
    echo "- **Date:** $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- **Commit:** \`$COMMIT\`"
    echo "- **Binary:** \`$BIN\` (built $(date -r "$BIN" '+%Y-%m-%d %H:%M:%S %Z')); $SERVER_INFO"
    echo "- **Machine:** $(nproc) CPUs (\`nproc\`), $MODEL, $MEM_GIB GiB RAM; the client (bench/load.py) runs on the same machine"
    echo "- **Command:** \`$CMD\`"
    echo "- **Frames:** ${#FRAME_FILES[@]} JPEGs (640 px wide, ${FRAME_AVG_KB} KB on average) from \`$MEDIA_REL/*.mp4\`, one per second of video, at most $PER_CLIP per clip; each sent as JSON \`{\"frame\": \"data:image/jpeg;base64,...\"}\`"
    echo "- **Load:** each session: POST start, then $FPS frame(s)/s for $SECONDS_PER_RUN s on one keep-alive connection (first frames spread over one interval), then POST end. The first row is one session on the idle server (baseline)."
    echo
    echo "| sessions | fps | frames ok / sent | p50 ms | p95 ms | p99 ms | throughput (frames/s) | 429/503 | errors | peak RSS MB | server CPU |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for row in "${ROWS[@]}"; do echo "| $row |"; done
    echo
    echo "Latency is client-side (request sent to response read) over acknowledged frames; throughput is acknowledged frames per second of wall time; 429/503 are rejections by a full analysis queue (their Retry-After is honoured by skipping ticks); errors are any other failure. $RSS_NOTE; RSS was $((START_RSS_KB / 1024)) MB after start-up and $((END_RSS_KB / 1024)) MB at the end. Server CPU is user+sys time during the run (100% = one core for the whole run)."
    echo
    echo "Raw results: \`bench/work/live_load.<sessions>.json\`; server log: \`$SERVER_LOG\` (git-ignored)."
} >"$SECTION"

python3 - "$OUT" "$SECTION" <<'PY'
import os, sys
out, section_path = sys.argv[1:]
section = open(section_path).read().rstrip("\n") + "\n"
lines = open(out).read().splitlines(keepends=True) if os.path.exists(out) else []
start = end = None
fence = False
for i, line in enumerate(lines):
    if line.lstrip().startswith("```"):
        fence = not fence
        continue
    if fence:
        continue
    if start is None:
        if line.rstrip() == "## Live API load":
            start = i
    elif line.startswith("## ") or line.startswith("# "):
        end = i
        break
if start is None:
    text = "".join(lines).rstrip("\n")
    text = (text + "\n\n" if text else "") + section
else:
    end = len(lines) if end is None else end
    before = "".join(lines[:start])
    after = "".join(lines[end:])
    text = before + section + ("\n" + after if after else "")
with open(out, "w") as f:
    f.write(text)
PY
log "wrote the \"## Live API load\" section of $OUT"
cat "$SECTION"
