#!/usr/bin/env python3
"""Hostile-input suite for proctor: analyze, batch, verify-id and serve.

    reliability/hostile/run.py --proctor PATH [--quick] [--write-docs] [--only cli|serve] [--keep-scratch]

Files: corpus.py (CLI inputs), cli_runner.py (runs and classifies them), server.py + httpraw.py +
serve_probe.py + schema_fuzz.py (the server part), report.py (tables, docs/RELIABILITY.md),
procwatch.py (time limits, RSS watchdog, no process left behind). Python 3.11 stdlib, plus
schemathesis for the OpenAPI fuzzing (scripts/test-requirements.txt).

Exit status 0 when every crashed / hung / rss-killed / 5xx / bypass / data-lost / wrong count is
zero, 1 otherwise (the failing cases are listed with their input, command and what happened), 2 when
the suite itself could not run.
"""

import argparse
import datetime
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import procwatch  # noqa: E402
import report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SERVE_TIMEOUTS = {"header": 2, "request": 4, "idle": 4}


def log(msg):
    print(msg, flush=True)


def die(msg):
    """The suite cannot run (exit 2, unlike 1 which means the product failed a check)."""
    print("run.py: " + msg, file=sys.stderr, flush=True)
    sys.exit(2)


def on_sigterm(signum, frame):
    raise KeyboardInterrupt


def wait_for_binary(path, wait=300):
    t0 = time.monotonic()
    while not os.access(path, os.X_OK):
        if time.monotonic() - t0 > wait:
            die(f"{path} is not an executable (waited {wait} s)")
        log(f"waiting for {path} (being rebuilt?)")
        time.sleep(5)


def snapshot_binary(proctor, scratch):
    """Copy the binary and its SwiftPM resource bundles, so a rebuild during the run changes nothing."""
    src_dir = os.path.dirname(os.path.abspath(proctor))
    dst_dir = os.path.join(scratch, "bin")
    os.makedirs(dst_dir)
    for _ in range(3):
        try:
            dst = os.path.join(dst_dir, os.path.basename(proctor))
            shutil.copy2(proctor, dst)
            for entry in os.listdir(src_dir):
                if entry.endswith(".resources") or entry.endswith(".bundle"):
                    shutil.copytree(os.path.join(src_dir, entry), os.path.join(dst_dir, entry), dirs_exist_ok=True)
            st = os.stat(proctor)
            info = f"{st.st_size // (1 << 20)} MB, built {datetime.datetime.fromtimestamp(st.st_mtime):%Y-%m-%d %H:%M}"
            return dst, info
        except OSError:
            time.sleep(5)
            wait_for_binary(proctor)
    die(f"cannot copy {proctor}")


def git(*args):
    try:
        return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:
        return ""


def machine_facts(load_start):
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / (1 << 20):.0f} GB RAM"
    except OSError:
        pass
    la = os.getloadavg()
    return (f"{os.cpu_count()} cores, {mem}, load average {load_start[0]:.2f} / {load_start[1]:.2f} / "
            f"{load_start[2]:.2f} at the start and {la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f} at the end")


def run_cli_part(args, proctor, scratch, env):
    from cli_runner import run_cli
    from corpus import Corpus

    t0 = time.monotonic()
    log("[cli] making the corpus from " + args.media)
    corpus = Corpus(scratch, args.media, args.quick)
    cases = corpus.build()
    log(f"[cli] {len(cases)} cases made in {time.monotonic() - t0:.0f} s; running (2 at a time)")
    outcomes = run_cli(cases, proctor, corpus, scratch, env, log)
    return outcomes, time.monotonic() - t0


def run_serve_part(args, proctor, scratch, env):
    import httpraw
    import schema_fuzz
    from serve_probe import MARGIN_S, Prober
    from server import Server

    t0 = time.monotonic()
    data = os.path.join(scratch, "serve-data")
    key = "Hostile-Key-" + secrets.token_hex(6).upper()
    marker = "HOSTILE-JOBDATA-MARKER-" + secrets.token_hex(8)
    srv = Server(proctor, data, scratch, key, env, SERVE_TIMEOUTS)
    if not srv.has_timeouts:
        log("[serve] this binary has no --header-timeout/--request-timeout/--idle-timeout: started without them; "
            f"the probes still expect {SERVE_TIMEOUTS}")
    srv.start()
    log(f"[serve] {srv.command_line().replace(key, '$KEY')} -> port {srv.port}")
    prober = Prober(srv, args.media, args.quick, marker, log)
    prober.local_openapi = os.path.join(ROOT, "Sources/ProctorServer/Resources/openapi.json")
    families = [prober.fam_auth, prober.fam_websocket, prober.fam_session_ids, prober.fam_methods, prober.fam_raw,
                prober.fam_slow, prober.fam_idle_many, prober.fam_crash_payloads, prober.fam_amplification,
                prober.fam_job_data, prober.fam_race, prober.fam_durability, prober.fam_permissions,
                lambda: schema_fuzz.run_schemathesis(prober, scratch, args.quick), prober.fam_logs]
    try:
        for fam in families:
            f0 = time.monotonic()
            n = len(prober.tallies)
            try:
                if not srv.alive() or httpraw.request(srv.port, "GET", "/health", timeout=3).status != 200:
                    prober.settle("between families")
                fam()
            except KeyboardInterrupt:
                raise
            except Exception as e:  # a harness error is reported as a failure, and the next family runs
                if len(prober.tallies) == n:
                    prober.family(getattr(fam, "__name__", "family"))
                prober.cur.wrong += 1
                prober.fail("probe error", prober.cur.name, f"{type(e).__name__}: {e} "
                            + traceback.format_exc().strip().splitlines()[-3][:200])
                if not srv.alive():
                    srv.restart()
            if len(prober.tallies) > n:
                prober.tallies[-1].seconds = time.monotonic() - f0
    finally:
        srv.stop()
    cmd = srv.command_line().replace(key, "$KEY").replace(proctor, "$PROCTOR").replace(data, "$DATA")
    return prober, srv, cmd, MARGIN_S, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--proctor", required=True, help="the proctor binary under test")
    ap.add_argument("--quick", action="store_true", help="CI subset of every family (under ~5 minutes)")
    ap.add_argument("--write-docs", action="store_true", help="write docs/RELIABILITY.md")
    ap.add_argument("--only", choices=["cli", "serve"], help="run one part only")
    ap.add_argument("--media", default=os.environ.get("PROCTOR_MEDIA", os.path.join(os.path.dirname(ROOT), "shared", "media")))
    ap.add_argument("--keep-scratch", action="store_true", help="keep the scratch folder (inputs, logs) for reproduction")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, on_sigterm)  # also when started in the background (SIGINT ignored)

    args.media = os.path.abspath(args.media)
    if not os.path.isdir(os.path.join(args.media, "videos")):
        die(f"no media in {args.media} (--media DIR)")
    for tool in ("ffmpeg",):
        if not shutil.which(tool):
            die(f"{tool} is required")
    env = dict(os.environ)
    env.setdefault("PROCTOR_MODELS", os.path.join(ROOT, "models"))
    env["PROCTOR_MODELS"] = os.path.abspath(env["PROCTOR_MODELS"])
    proctor_arg = args.proctor
    wait_for_binary(proctor_arg)
    load_start = os.getloadavg()
    started = datetime.datetime.now().astimezone()
    t0 = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="proctor-hostile-")
    os.chmod(scratch, 0o755)
    code = 2
    try:
        proctor, binary_info = snapshot_binary(proctor_arg, scratch)
        cli_outcomes = prober = None
        cli_s = serve_s = 0
        serve_cmd, margin, srv = "", 0, None
        if args.only in (None, "cli"):
            cli_outcomes, cli_s = run_cli_part(args, proctor, scratch, env)
        if args.only in (None, "serve"):
            prober, srv, serve_cmd, margin, serve_s = run_serve_part(args, proctor, scratch, env)
        total = time.monotonic() - t0

        cli_f = report.cli_failures(cli_outcomes or [], proctor)
        serve_f = report.serve_failures(prober.tallies) if prober else []
        bad = []
        print()
        if cli_outcomes is not None:
            rows, tot = report.cli_rows(cli_outcomes)
            print(f"CLI ({cli_s:.0f} s)")
            print(report.md_table(report.CLI_COLS, rows))
            print()
            names = [None, "crashed", "hung", "rss-killed", None, None, "wrong", "data lost"]
            bad += [f"CLI {n} {v}" for n, v in zip(names, tot) if n and v]
        if prober is not None:
            rows, tot = report.serve_rows(prober.tallies)
            print(f"serve ({serve_s:.0f} s): {serve_cmd}")
            print(report.md_table(report.SERVE_COLS, rows))
            print()
            names = [None, "crashed", "hung", "5xx", "bypass", "data lost", "wrong"]
            bad += [f"serve {n} {v}" for n, v in zip(names, tot) if n and v]
        ok = not bad
        summary = "all counts zero" if ok else ", ".join(bad)
        if cli_f or serve_f:
            print(f"FAILING CASES ({len(cli_f) + len(serve_f)}); $PROCTOR = {proctor_arg}, inputs under {scratch}"
                  + ("" if args.keep_scratch else " (deleted: rerun with --keep-scratch to keep them)"))
            print(report.failures_text(cli_f, serve_f, serve_cmd))
            print()
        print(f"{'PASS' if ok else 'FAIL'}: {summary}; {total:.0f} s")
        if args.write_docs:
            dirty = git("status", "--porcelain", "--untracked-files=no")
            ctx = dict(
                date=started.strftime("%Y-%m-%d %H:%M %Z"), commit=git("rev-parse", "--short", "HEAD") or "unknown",
                dirty=" (with uncommitted changes in the working tree)" if dirty else "",
                proctor=proctor_arg, binary_info=binary_info,
                command="python3 " + " ".join(shlex.quote(a) for a in
                                              [os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)] + sys.argv[1:]),
                machine=machine_facts(load_start), quick=args.quick, total_seconds=total, ok=ok, summary=summary,
                cli_outcomes=cli_outcomes, cli_seconds=cli_s, serve_tallies=prober.tallies if prober else None,
                serve_seconds=serve_s, serve_cmd=serve_cmd, has_timeouts=srv.has_timeouts if srv else True,
                margin=margin, cli_failures=cli_f, serve_failures=serve_f)
            path = os.path.join(ROOT, "docs", "RELIABILITY.md")
            report.write_docs(path, ctx)
            log(f"wrote {path}")
        code = 0 if ok else 1
    except KeyboardInterrupt:
        log("interrupted: stopping every process the suite started")
        code = 130
    except Exception:  # the suite itself broke (ffmpeg failed, the server would not start, ...)
        traceback.print_exc()
        log("run.py: the suite could not complete (exit 2)")
        code = 2
    finally:
        procwatch.kill_all()
        if args.keep_scratch:
            log(f"scratch kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
