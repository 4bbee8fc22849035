"""Schemathesis over the OpenAPI document the server itself serves (GET /api/docs, with the key).

Counts the requests it made and the 5xx answers (from its HAR report), the network errors (connection
closed without an answer: noted, not failures), and whether the server died during the run (crash).
Bounded by --max-examples per operation and a wall-clock limit; seeded, so a rerun makes the same cases.
"""

import glob
import json
import os
import shutil
import subprocess
import sys

import procwatch


def st_command():
    exe = shutil.which("st") or shutil.which("schemathesis")
    if exe:
        return [exe]
    return [sys.executable, "-m", "schemathesis.cli"]


def available():
    try:
        import schemathesis  # noqa: F401

        return True
    except ImportError:
        return False


def run_schemathesis(prober, scratch, quick, seed=20261129):
    t = prober.family("schemathesis (OpenAPI fuzzing)")
    if not available():
        t.wrong += 1
        prober.fail("missing", "schemathesis", "not installed: python3 -m pip install -r scripts/test-requirements.txt")
        return t
    s = prober.s
    report_dir = os.path.join(scratch, "schemathesis")
    os.makedirs(report_dir, exist_ok=True)
    n = 25 if quick else 300
    limit = 150 if quick else 420
    argv = st_command() + [
        "run", f"http://127.0.0.1:{s.port}/api/docs", "--url", f"http://127.0.0.1:{s.port}",
        "-H", f"X-API-Key: {s.api_key}", "--checks", "not_a_server_error", "--max-examples", str(n),
        "--seed", str(seed), "--workers", "1", "--request-timeout", "30", "--no-shrink",
        "--phases", "examples,coverage,fuzzing", "--report", "har", "--report-dir", report_dir,
        "--suppress-health-check", "all", "--continue-on-failure"]
    shown = " ".join(argv).replace(s.api_key, "$KEY").replace(str(s.port), "PORT").replace(report_dir, "$SCRATCH/st")
    t.notes.append("command: `st " + shown.split(" ", 1)[1] + "`")
    out_path = os.path.join(scratch, "schemathesis.out")
    with open(out_path, "wb") as out:
        p = procwatch.spawn(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=scratch)
        try:
            p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            procwatch.kill_group(p)
            p.wait()
            t.notes.append(f"stopped at the {limit} s bound")
        finally:
            procwatch.forget(p)
    entries = []
    for har in glob.glob(os.path.join(report_dir, "har-*.json")):
        try:
            entries += json.load(open(har))["log"]["entries"]
        except (ValueError, KeyError):
            pass
    t.tried = len(entries)
    neterr = 0
    for e in entries:
        st = e["response"]["status"]
        if st >= 500:
            t.fivexx += 1
            req = e["request"]
            body = (req.get("postData") or {}).get("text", "")
            prober.fail("5xx", f"{req['method']} {req['url'].replace(s.api_key, '$KEY')}"
                        + (f" body {body[:150]!r}" if body else ""),
                        f"HTTP {st} {e['response'].get('content', {}).get('text', '')[:150]!r}")
        elif st == 0:
            neterr += 1
    tail = open(out_path, "rb").read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    t.notes.append(f"{len(entries)} requests, {neterr} closed without an answer (not counted), "
                   f"schemathesis exit {p.returncode}: {tail[0].strip('= ')}")
    if not entries:
        t.wrong += 1
        prober.fail("no requests", "schemathesis", "made no request: see " + out_path)
    prober.settle("schemathesis run (the server died or stopped answering during it)")
    return t
