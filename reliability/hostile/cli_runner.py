"""Runs the CLI cases under a time limit and a memory watchdog and classifies each outcome.

Outcome (one per case): crashed (killed by a signal, or an exit status other than 0, 1, 3, 64),
hung (time limit), rss (watchdog: RSS above 3 GB), clear_error (exit 1, or 64 for a usage error such
as a folder without --out, and exactly one stderr line starting with `Error:` that contains the input's path), report (exit 0 and valid JSON on stdout; for
a batch: it finished and wrote summary.csv), unclear (anything else: counted as wrong).
Family checks (corpus.CliCase.checks) add `wrong` reasons on top; a batch also counts data lost.
"""

import csv
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import procwatch
from procwatch import run_watched

RSS_WATCHDOG_KB = 3 * 1024 * 1024  # kill above 3 GB
RSS_BOUND_KB = 600 * 1024  # bound for the rss_1g check: huge declared sizes and strips cost no more than a frame


@dataclass
class CliOutcome:
    case: object
    argv: list
    outcome: str
    rc: int | None
    peak_rss_kb: int
    elapsed: float
    stderr_tail: str
    wrong: list = field(default_factory=list)
    lost: int = 0
    detail: str = ""


def command_for(case, proctor, corpus, out_dir):
    if case.kind == "analyze":
        return [proctor, "analyze", case.path]
    if case.kind == "verify-document":
        return [proctor, "verify-id", "--document", case.path, "--face", corpus.good_face]
    if case.kind == "verify-face":
        return [proctor, "verify-id", "--document", corpus.good_face, "--face", case.path]
    if case.kind == "verify-selfie":
        return [proctor, "verify-id", "--selfie-with-id", case.path]
    if case.kind == "reference-face":
        return [proctor, "analyze", corpus.good_clip, "--reference-face", case.path]
    if case.kind == "batch":
        return [proctor, "analyze", case.path, "--out", out_dir, "--jobs", "2"]
    raise ValueError(case.kind)


def _error_text(stderr):
    lines = stderr.decode("utf-8", "replace").splitlines()
    return [l for l in lines if l.startswith("Error:")], lines


def classify(case, res, out_dir=None):
    err_lines, all_lines = _error_text(res.stderr)
    tail = "\n".join(all_lines[-3:])[-600:]
    o = CliOutcome(case, res.argv, "", res.returncode, res.peak_rss_kb, res.elapsed, tail)
    rc = res.returncode
    if res.rss_killed:
        o.outcome = "rss"
        o.detail = f"killed by the watchdog at {res.peak_rss_kb // 1024} MB RSS"
    elif res.timed_out:
        o.outcome = "hung"
        o.detail = f"no exit after {res.elapsed:.0f} s (killed)"
    elif rc < 0 or rc not in (0, 1, 3, 64):
        o.outcome = "crashed"
        o.detail = f"killed by signal {-rc}" if rc < 0 else f"exit status {rc}"
    elif case.kind == "batch":
        _classify_batch(case, res, o, out_dir)
        return o
    elif rc == 0:
        try:
            o.report = json.loads(res.stdout)
            o.outcome = "report"
        except ValueError:
            o.outcome = "unclear"
            o.wrong.append("exit 0 without valid JSON on stdout")
    elif rc in (1, 64):  # 64: usage error, e.g. a folder without --out; still one line naming the input
        if len(err_lines) == 1 and case.path in err_lines[0]:
            o.outcome = "clear_error"
        else:
            o.outcome = "unclear"
            o.wrong.append(f"unclear error (exit {rc}): {len(err_lines)} 'Error:' line(s)"
                           + ("" if any(case.path in l for l in err_lines) else ", none naming the input"))
    else:
        o.outcome = "unclear"
        o.wrong.append(f"exit status {rc} for a single input")  # 3 is for batches only
    if o.outcome in ("crashed", "hung", "rss"):
        return o
    _family_checks(case, o, err_lines)
    return o


def _family_checks(case, o, err_lines):
    msg = " ".join(err_lines).lower()
    is_error = o.outcome in ("clear_error", "unclear")
    for check in case.checks:
        if check == "refuse" and o.outcome == "report":
            o.wrong.append("accepted (exit 0 with a verdict/report) instead of refusing it")
        elif check == "report" and is_error:
            o.wrong.append(f"valid input refused: {err_lines[0] if err_lines else 'no Error: line'}")
        elif check == "rss_1g" and o.peak_rss_kb > RSS_BOUND_KB:
            o.wrong.append(f"peak RSS {o.peak_rss_kb // 1024} MB (bound {RSS_BOUND_KB // 1024} MB)")
        elif check.startswith("says:"):
            words = check[5:].split("|")
            if o.outcome == "report":
                o.wrong.append("analysed instead of refused")
            elif not any(w in msg for w in words):
                o.wrong.append(f"error does not say what the path is ({'/'.join(words)}): "
                               f"{err_lines[0] if err_lines else o.stderr_tail}")
        elif check == "not_nosuch" and is_error and ("no such file" in msg or "permission" in msg):
            o.wrong.append(f"misleading error: {err_lines[0] if err_lines else ''}")
        elif check == "face_present" and o.outcome == "report":
            shares = (getattr(o, "report", {}) or {}).get("coverage", {}).get("shares", {})
            if shares.get("no_face", 0) >= 0.999:
                o.wrong.append(f"100 % no_face on a clip with a face in every frame "
                               f"(rotation {o.report.get('input', {}).get('rotation')})")


def _classify_batch(case, res, o, out_dir):
    rc = res.returncode
    summary = os.path.join(out_dir, "summary.csv")
    rows = {}
    if os.path.exists(summary):
        with open(summary, newline="") as f:
            for row in csv.DictReader(f):
                rows[row.get("file", "")] = row
    o.outcome = "report" if rows else "unclear"
    if not rows:
        o.wrong.append(f"no summary.csv (exit {rc})")
    elif rc != 3:
        o.wrong.append(f"exit status {rc}, expected 3 (some recordings are broken)")
    missing = []
    for path in case.expected_rows:
        row = rows.get(path)
        if row is None:  # also accept a path relative to the input folder
            rel = os.path.relpath(path, case.path)
            row = rows.get(rel)
        if row is None:
            missing.append(os.path.relpath(path, case.path))
            continue
        name = os.path.basename(path)
        good = not (name.startswith("broken_") or name == "b.mp4")
        if good and row.get("status") not in ("analysed", "skipped"):
            o.wrong.append(f"{os.path.relpath(path, case.path)}: status {row.get('status')} "
                           f"({row.get('error', '')[:120]})")
        if not good and row.get("status") == "failed" and not row.get("error"):
            o.wrong.append(f"{name}: failed row without a reason")
    o.lost = len(missing)
    if missing:
        o.detail = "no row for: " + ", ".join(m if len(m) < 40 else m[:20] + "..." + m[-12:] for m in missing)


def run_cli(cases, proctor, corpus, scratch, env, log=print):
    """Run all cases: two CPU-bound at a time, the filesystem ones (which may block) beside them."""
    outcomes = []
    out_root = tempfile.mkdtemp(prefix="batch-out-", dir=scratch)

    def one(case):
        if procwatch.stopping.is_set():
            return None
        out_dir = os.path.join(out_root, case.name) if case.kind == "batch" else None
        argv = command_for(case, proctor, corpus, out_dir)
        res = run_watched(argv, case.timeout, RSS_WATCHDOG_KB, cwd=scratch, env=env, scratch=scratch)
        o = classify(case, res, out_dir)
        log(f"  {case.family:22} {case.name[:44]:44} {o.outcome:11} rc={o.rc} {o.peak_rss_kb // 1024:5} MB "
            f"{o.elapsed:5.1f} s" + (" WRONG" if o.wrong else "") + (f" lost={o.lost}" if o.lost else ""))
        return o

    blocking = [c for c in cases if c.family == "filesystem"]
    cpu = [c for c in cases if c.family != "filesystem"]
    cpu_pool, fs_pool = ThreadPoolExecutor(2), ThreadPoolExecutor(3)
    try:
        futures = [cpu_pool.submit(one, c) for c in cpu] + [fs_pool.submit(one, c) for c in blocking]
        for f in futures:
            outcomes.append(f.result())
    except BaseException:
        procwatch.stopping.set()  # Ctrl-C or a harness error: the running cases kill their child
        raise
    finally:
        cpu_pool.shutdown(wait=True, cancel_futures=True)
        fs_pool.shutdown(wait=True, cancel_futures=True)
    return [o for o in outcomes if o is not None]
