#!/usr/bin/env python3
"""Proof that the CLI checks can fail, and do not flag correct behaviour: no proctor needed.

Runs the CLI runner (run_watched + classify) against a fake `proctor` written into a temp folder,
once misbehaving in every way a check exists for (abort, hang on a FIFO, 1.2 GB RSS, verdict on a
truncated JPEG, 'no such file' for a loop, 100 % no_face, unclear error, a batch that drops a
recording and exits 0), once behaving correctly. Every bad case must be flagged and no good case.

    python3 reliability/hostile/selftest.py       # about 15 s; exit 1 if a check misfires
"""

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import procwatch  # noqa: E402
from cli_runner import run_cli  # noqa: E402
from corpus import CliCase  # noqa: E402

FAKE = r'''#!/usr/bin/env python3
import json, os, sys, time, signal, csv
MODE = os.environ["FAKE_MODE"]  # good | bad
args = sys.argv[1:]
def report(no_face=0.0):
    print(json.dumps({"coverage": {"shares": {"no_face": no_face, "one_face": 1 - no_face}}, "input": {"rotation": 0}}))
    sys.exit(0)
def error(path, msg):
    print(f"Error: {path}: {msg}", file=sys.stderr); sys.exit(1)
if args[0] == "verify-id":
    doc, face = args[args.index("--document") + 1], args[args.index("--face") + 1]
    path = doc if "bad_inputs" in doc else face
    if "trunc" in path:
        if MODE == "bad": print(json.dumps({"same_person": True})); sys.exit(0)
        error(path, "the JPEG is truncated")
    if "fifo" in path:
        if MODE == "bad": open(path, "rb").read()  # blocks: nobody writes
        error(path, "is a FIFO (named pipe), not a picture")
    print(json.dumps({"same_person": True})); sys.exit(0)
if "--out" in args:
    folder, out = args[1], args[args.index("--out") + 1]
    os.makedirs(out, exist_ok=True)
    names = sorted(os.listdir(folder))
    with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["file", "status", "error"])
        for n in names:
            if MODE == "bad" and n == "dropped.mp4": continue
            w.writerow([os.path.join(folder, n), "failed" if n.startswith("broken_") else "analysed",
                        "cannot be read" if n.startswith("broken_") else ""])
    sys.exit(0 if MODE == "bad" else 3)
path = args[1]
name = os.path.basename(path)
if "crash" in name:
    if MODE == "bad": os.kill(os.getpid(), signal.SIGABRT)
    report()
if "loop" in name:
    error(path, "no such file" if MODE == "bad" else "symbolic link loop (too many levels of symbolic links)")
if "big" in name:
    if MODE == "bad":
        b = bytearray(1200 << 20)
        for i in range(0, len(b), 4096): b[i] = 1
    error(path, "the video is 16000x16000, above the 40 megapixel limit")
if "rot" in name:
    report(1.0 if MODE == "bad" else 0.0)
if "garbage" in name:
    if MODE == "bad": print("something went wrong", file=sys.stderr); sys.exit(1)
    error(path, "cannot be read as a video")
if "sleepy" in name:
    if MODE == "bad": time.sleep(30)
    report()
report()
'''


class FakeCorpus:
    def __init__(self, root):
        self.good_face = os.path.join(root, "good.jpg")
        self.good_clip = os.path.join(root, "good.mp4")


def main():
    root = tempfile.mkdtemp(prefix="proctor-hostile-selftest-")
    try:
        fake = os.path.join(root, "proctor")
        with open(fake, "w") as f:
            f.write(FAKE)
        os.chmod(fake, 0o755)
        h = os.path.join(root, "bad_inputs")
        os.makedirs(h)
        for n in ("crash_360x640.mp4", "loop.mp4", "big_16000.mkv", "rot_45.mp4", "garbage.mp4", "sleepy.mp4",
                  "trunc_50.jpg", "good.jpg", "good.mp4"):
            open(os.path.join(root if n.startswith("good") else h, n), "wb").close()
        os.mkfifo(os.path.join(h, "fifo.jpg"))
        batch = os.path.join(root, "batch")
        os.makedirs(batch)
        for n in ("a.mp4", "dropped.mp4", "broken_text.mp4"):
            open(os.path.join(batch, n), "wb").close()
        p = lambda n: os.path.join(h, n)  # noqa: E731
        cases = [
            (CliCase("t", "abort", "analyze", p("crash_360x640.mp4"), "", ("report",)), "crashed"),
            (CliCase("t", "hang", "analyze", p("sleepy.mp4"), "", (), 3.0), "hung"),
            (CliCase("t", "fifo", "verify-document", p("fifo.jpg"), "", ("says:fifo",), 3.0), "hung"),
            (CliCase("t", "rss", "analyze", p("big_16000.mkv"), "", ("rss_1g",)), "wrong"),
            (CliCase("t", "truncated", "verify-face", p("trunc_50.jpg"), "", ("refuse",)), "wrong"),
            (CliCase("t", "loop", "analyze", p("loop.mp4"), "", ("says:loop|symbolic link", "not_nosuch")), "wrong"),
            (CliCase("t", "rotation", "analyze", p("rot_45.mp4"), "", ("face_present",)), "wrong"),
            (CliCase("t", "unclear", "analyze", p("garbage.mp4"), "", ()), "wrong"),
            (CliCase("t", "batch", "batch", batch, "", (), 20.0,
                     expected_rows=[os.path.join(batch, n) for n in ("a.mp4", "dropped.mp4", "broken_text.mp4")]),
             "lost"),
        ]
        ok = True
        for mode in ("bad", "good"):
            env = dict(os.environ, FAKE_MODE=mode)
            outcomes = run_cli([c for c, _ in cases], fake, FakeCorpus(root), root, env, log=lambda m: None)
            by = {o.case.name: o for o in outcomes}
            for case, expect in cases:
                o = by[case.name]
                flagged = o.outcome in ("crashed", "hung", "rss") or bool(o.wrong) or o.lost > 0
                got = {"crashed": o.outcome == "crashed", "hung": o.outcome == "hung",
                       "wrong": bool(o.wrong), "lost": o.lost > 0}[expect]
                good = got if mode == "bad" else not flagged
                ok &= good
                print(f"{'ok  ' if good else 'FAIL'} {mode:4} {case.name:10} outcome={o.outcome:11} "
                      f"wrong={o.wrong} lost={o.lost} rss={o.peak_rss_kb // 1024} MB")
        print("selftest:", "every check fired on the bad fake and none on the good one" if ok else "MISFIRE")
        return 0 if ok else 1
    finally:
        procwatch.kill_all()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
