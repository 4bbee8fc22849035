#!/usr/bin/env python3
"""bench/load.py - load generator for the live API of `proctor serve` (standard library only).

Each of N sessions runs in its own thread on its own keep-alive HTTP connection:
  1. POST /api/sessions/start
  2. POST /api/sessions/{id}/frame with a JSON body {"frame": "data:image/jpeg;base64,..."}, F times a
     second for S seconds. Frames are the JPEGs of --frames-dir (sorted by name), cycled; session i starts
     at frame i so the sessions do not all send the same picture. Sends are paced by the wall clock: frame
     k is due at start + k/F; when a response comes back after the next frame was due, that frame goes out
     at once and the pacing carries on from there (no burst to catch up). The sessions' first frames are
     spread evenly over one interval (1/F s) so that N sessions do not hit the server in the same instant.
  3. POST /api/sessions/{id}/end (retried after Retry-After while it answers 429/503, for at most --timeout s)
A 429 or 503 answer to a frame counts as a rejection (not an error); its Retry-After (seconds; one
interval when absent) is honoured: every tick that falls before it is skipped. Any other non-200 status, and any
connection error or timeout, counts as an error (the connection is reopened for the next request).

Latency is client-side, from the request being sent to the response being read in full; the
percentiles are over acknowledged (200) frames. Throughput is acknowledged frames per second of wall
time, from the first frame sent to the last frame answered over all sessions (at least --seconds).

Usage:
  bench/load.py --url http://127.0.0.1:5001 [--api-key KEY] --sessions 10 --fps 1 --seconds 30 \\
                --frames-dir bench/work/live_frames --out result.json
The result JSON holds: sessions, fps, seconds, frames_sent, frames_ok, p50_ms, p95_ms, p99_ms, max_ms,
throughput_fps, rejected_429_503, errors, error_samples, and a few extras (status_counts of the frame
requests, skipped_ticks, sessions_started, sessions_ended, end_rejected_429_503, end_p50_ms, end_max_ms,
wall_seconds, mean_ms). A one-line summary goes to stdout. The exit status is 0 when the run completed
(whatever the server answered), 2 on bad arguments.
"""
import argparse
import base64
import http.client
import json
import math
import os
import socket
import sys
import threading
import time
import urllib.parse

MAX_ERROR_SAMPLES = 10


def percentile(sorted_values, q):
    """Linear interpolation between closest ranks (numpy's default); None for no values."""
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return sorted_values[0]
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def parse_retry_after(value, default):
    if value is None:
        return default
    try:
        seconds = float(value.strip())
    except ValueError:
        return default  # an HTTP date: not worth parsing for a benchmark
    return max(0.0, seconds)


class Stats:
    """Everything the session threads record, behind one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.frames_sent = 0
        self.frames_ok = 0
        self.latencies_ms = []
        self.rejected = 0
        self.errors = 0
        self.error_samples = []
        self.status_counts = {}
        self.skipped_ticks = 0
        self.sessions_started = 0
        self.sessions_ended = 0
        self.end_latencies_ms = []
        self.end_rejected = 0
        self.first_send = None
        self.last_answer = None

    def error(self, message):
        with self.lock:
            self.errors += 1
            if len(self.error_samples) < MAX_ERROR_SAMPLES:
                self.error_samples.append(message)

    def count_status(self, status):
        key = str(status)
        with self.lock:
            self.status_counts[key] = self.status_counts.get(key, 0) + 1


class Client:
    """One keep-alive connection; reopened after a failure or when the server closes it."""

    def __init__(self, url, api_key, timeout):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"bad --url: {url}")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            self.headers["X-API-Key"] = api_key
        self.conn = None

    def _connect(self):
        cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        self.conn = cls(self.host, self.port, timeout=self.timeout)
        self.conn.connect()
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def post(self, path, body):
        """Returns (status, headers, body bytes, seconds). Raises on connection errors (after closing)."""
        if self.conn is None:
            self._connect()
        started = time.monotonic()
        try:
            self.conn.request("POST", self.prefix + path, body=body, headers=self.headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except Exception:
            self.close()
            raise
        elapsed = time.monotonic() - started
        if resp.will_close:
            self.close()
        return resp.status, resp, data, elapsed


def describe(status, data):
    text = data[:200].decode("utf-8", "replace").strip()
    try:
        text = json.loads(data).get("error", text)
    except (ValueError, AttributeError):
        pass
    return f"HTTP {status}: {text}"


def run_session(index, args, bodies, stats, barrier):
    client = Client(args.url, args.api_key, args.timeout)
    interval = 1.0 / args.fps
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        return
    try:
        start_body = json.dumps({"job_data": {"source": "bench/load.py", "bench_session": index}}).encode()
        try:
            status, _, data, _ = client.post("/api/sessions/start", start_body)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
            stats.error(f"session {index} start: {type(exc).__name__}: {exc}")
            return
        if status != 200:
            stats.error(f"session {index} start: {describe(status, data)}")
            return
        try:
            session_id = json.loads(data)["session_id"]
        except (ValueError, KeyError, TypeError):
            stats.error(f"session {index} start: no session_id in {data[:200]!r}")
            return
        with stats.lock:
            stats.sessions_started += 1
        frame_path = f"/api/sessions/{session_id}/frame"

        # Spread the sessions' first frames over one interval.
        begin = time.monotonic() + interval * index / max(1, args.sessions)
        deadline = begin + args.seconds
        due = begin
        not_before = begin
        frame_no = index
        while True:
            # Skip ticks that fall inside a Retry-After window.
            while due < not_before:
                if due < deadline:
                    with stats.lock:
                        stats.skipped_ticks += 1
                due += interval
            if due >= deadline:
                break
            now = time.monotonic()
            if now < due:
                time.sleep(due - now)
            sent_at = time.monotonic()
            body = bodies[frame_no % len(bodies)]
            frame_no += 1
            with stats.lock:
                stats.frames_sent += 1
                if stats.first_send is None or sent_at < stats.first_send:
                    stats.first_send = sent_at
            try:
                status, resp, data, elapsed = client.post(frame_path, body)
            except Exception as exc:  # noqa: BLE001
                stats.error(f"session {index} frame: {type(exc).__name__}: {exc}")
                answered = time.monotonic()
            else:
                answered = sent_at + elapsed
                stats.count_status(status)
                if status == 200:
                    with stats.lock:
                        stats.frames_ok += 1
                        stats.latencies_ms.append(elapsed * 1000.0)
                elif status in (429, 503):
                    with stats.lock:
                        stats.rejected += 1
                    wait = parse_retry_after(resp.getheader("Retry-After"), interval)
                    not_before = answered + wait
                else:
                    stats.error(f"session {index} frame: {describe(status, data)}")
            with stats.lock:
                if stats.last_answer is None or answered > stats.last_answer:
                    stats.last_answer = answered
            # Next frame: due one interval after this one, or right now when the answer came later than that.
            due = max(due + interval, answered)

        # End the session; a full queue (429/503) is retried after its Retry-After, for at most --timeout seconds.
        end_deadline = time.monotonic() + args.timeout
        while True:
            try:
                status, resp, data, elapsed = client.post(f"/api/sessions/{session_id}/end", b"{}")
            except Exception as exc:  # noqa: BLE001
                stats.error(f"session {index} end: {type(exc).__name__}: {exc}")
                return
            if status in (429, 503):
                with stats.lock:
                    stats.end_rejected += 1
                wait = parse_retry_after(resp.getheader("Retry-After"), 1.0)
                if time.monotonic() + wait < end_deadline:
                    time.sleep(wait)
                    continue
            break
        if status == 200:
            with stats.lock:
                stats.sessions_ended += 1
                stats.end_latencies_ms.append(elapsed * 1000.0)
        else:
            stats.error(f"session {index} end: {describe(status, data)}")
    finally:
        client.close()


def load_bodies(frames_dir, limit_bytes):
    names = sorted(n for n in os.listdir(frames_dir) if n.lower().endswith((".jpg", ".jpeg")))
    bodies = []
    for name in names:
        with open(os.path.join(frames_dir, name), "rb") as f:
            raw = f.read()
        if not raw:
            continue
        data_url = "data:image/jpeg;base64," + base64.b64encode(raw).decode("ascii")
        body = json.dumps({"frame": data_url}).encode("ascii")
        if limit_bytes and len(body) > limit_bytes:
            print(f"load.py: skipping {name}: body {len(body)} bytes is over {limit_bytes}", file=sys.stderr)
            continue
        bodies.append(body)
    return names, bodies


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:5001")
    ap.add_argument("--api-key", default=os.environ.get("PROCTOR_API_KEY"), help="sent as X-API-Key")
    ap.add_argument("--sessions", type=int, required=True, help="concurrent sessions")
    ap.add_argument("--fps", type=float, required=True, help="frames per second per session")
    ap.add_argument("--seconds", type=float, required=True, help="how long each session sends frames")
    ap.add_argument("--frames-dir", required=True, help="folder of JPEG frames (cycled)")
    ap.add_argument("--out", required=True, help="where to write the result JSON ('-' for stdout)")
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds (default 60)")
    ap.add_argument("--max-body", type=int, default=10 * 1024 * 1024,
                    help="skip frames whose JSON body is larger (default 10 MiB, the server's default limit)")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.fps <= 0 or args.seconds <= 0 or args.timeout <= 0:
        ap.error("--sessions must be >= 1 and --fps, --seconds, --timeout > 0")
    if not os.path.isdir(args.frames_dir):
        ap.error(f"--frames-dir {args.frames_dir} is not a folder")
    try:
        Client(args.url, None, 1)
    except ValueError as exc:
        ap.error(str(exc))
    names, bodies = load_bodies(args.frames_dir, args.max_body)
    if not bodies:
        ap.error(f"no usable JPEG in {args.frames_dir}")

    stats = Stats()
    barrier = threading.Barrier(args.sessions + 1)
    threads = [threading.Thread(target=run_session, args=(i, args, bodies, stats, barrier), daemon=True,
                                name=f"session-{i}") for i in range(args.sessions)]
    for t in threads:
        t.start()
    started = time.monotonic()
    barrier.wait()
    # Bounded: every request has a timeout, every session stops sending after --seconds.
    hard_limit = started + args.seconds + 3 * args.timeout + 30
    for t in threads:
        t.join(max(0.0, hard_limit - time.monotonic()))
    hung = sum(t.is_alive() for t in threads)
    finished = time.monotonic()
    if hung:
        stats.error(f"{hung} session thread(s) still running at the time limit")

    with stats.lock:
        lat = sorted(stats.latencies_ms)
        ends = sorted(stats.end_latencies_ms)
        window = None
        if stats.first_send is not None and stats.last_answer is not None:
            # At least the nominal duration: with few frames, first-send-to-last-answer alone would overstate it.
            window = max(stats.last_answer - stats.first_send, args.seconds)
        result = {
            "sessions": args.sessions,
            "fps": args.fps,
            "seconds": args.seconds,
            "frames_sent": stats.frames_sent,
            "frames_ok": stats.frames_ok,
            "p50_ms": rounded(percentile(lat, 50)),
            "p95_ms": rounded(percentile(lat, 95)),
            "p99_ms": rounded(percentile(lat, 99)),
            "max_ms": rounded(lat[-1] if lat else None),
            "throughput_fps": round(stats.frames_ok / window, 3) if window else 0.0,
            "rejected_429_503": stats.rejected,
            "errors": stats.errors,
            "error_samples": list(stats.error_samples),
            # extras
            "mean_ms": rounded(sum(lat) / len(lat) if lat else None),
            "status_counts": dict(sorted(stats.status_counts.items())),
            "skipped_ticks": stats.skipped_ticks,
            "sessions_started": stats.sessions_started,
            "sessions_ended": stats.sessions_ended,
            "end_rejected_429_503": stats.end_rejected,
            "end_p50_ms": rounded(percentile(ends, 50)),
            "end_max_ms": rounded(ends[-1] if ends else None),
            "wall_seconds": round(finished - started, 3),
            "frame_files": len(bodies),
            "mean_body_bytes": round(sum(map(len, bodies)) / len(bodies)),
            "url": args.url,
        }
    text = json.dumps(result, indent=2) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w") as f:
            f.write(text)
        print(f"sessions={result['sessions']} fps={result['fps']:g} seconds={result['seconds']:g} "
              f"sent={result['frames_sent']} ok={result['frames_ok']} p50={result['p50_ms']}ms "
              f"p95={result['p95_ms']}ms p99={result['p99_ms']}ms max={result['max_ms']}ms "
              f"throughput={result['throughput_fps']}/s 429/503={result['rejected_429_503']} "
              f"errors={result['errors']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
