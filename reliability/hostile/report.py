"""Tables, the list of failing cases, and docs/RELIABILITY.md."""

import os
from collections import OrderedDict

from corpus import FAMILY_NOTES as CLI_NOTES

SERVE_NOTES = OrderedDict([
    ("auth: keys and path spellings",
     "Every `/api` route of the served OpenAPI document without a key, with wrong keys and key look-alikes, and "
     "under path spellings (`//api/...`, `/./`, `%2F` for a slash, trailing slash, upper case, and more in the full "
     "run), each with a fresh session so a bypass would succeed. Expected: never 2xx without a valid key; with the "
     "key a spelling may be 404 but never 5xx; the canonical request with the key must succeed (sanity, else the "
     "check proves nothing). A bypass means anyone who reaches the port can read or delete interview data."),
    ("WebSocket upgrade auth",
     "Upgrades on `/api/sessions/ID/stream` and `//api/...` (more spellings in the full run) without a key, with a "
     "wrong key, header or `?api_key=`. Expected: never 101 without a key; 101 with it (sanity)."),
    ("hostile session ids",
     "`../`, `%2e%2e`, 5 000 and 100 000 characters, NUL, unicode, SQL, on the session routes. Expected: a 4xx "
     "(or a close) within the request timeout, never 5xx, never 200. A failure means an id reaches storage or "
     "paths unchecked, or a long URL holds a connection."),
    ("wrong methods",
     "CONNECT, FOO, TRACE (more in the full run). Expected: an answer or a close within the timeouts."),
    ("raw protocol",
     "Malformed HTTP over a socket: Content-Length too long / negative / huge / doubled, bad chunk size, CL+TE, "
     "100 KB header, 10 000 headers, 100 KB request line, TLS ClientHello, HTTP/0.9, the h2 preface. Expected: a "
     "4xx or a close within the timeouts plus a margin; a held connection is 'hung', a 500 is a server fault "
     "blamed on the client."),
    ("slow connections",
     "An idle socket and slowloris connections (a header line every second) must be closed within the header "
     "timeout, a 1 byte/s body within the request timeout, an idle keep-alive connection within the idle timeout "
     "(each plus the margin), while `/health` keeps answering. A failure means a handful of slow clients exhaust "
     "the server's connections."),
    ("300 idle connections",
     "300 connections that send nothing. Expected: the server's open descriptors return to within 20 of the "
     "baseline once the timeouts have passed. A failure ('hung') means descriptors can be exhausted."),
    ("one-request crash payloads",
     "PNG headers declaring (2^32-1)^2 and 0xC0000000^2 pixels to /frame (JSON and raw image/png), "
     "/register-face, /verify-document and a WebSocket binary message; integer edges of `page`/`per_page`. "
     "Expected: 4xx, the server alive. A crash means one unauthenticated-looking request stops the service."),
    ("decompression / amplification",
     "A 93-byte 1x4000 PNG strip and a 20000^2 PNG bomb (more entry points, a 4000x1 strip and 4 concurrent "
     "strips in the full run). Expected: server RSS grows by less than 1 GB. A failure means tiny requests can "
     "exhaust memory."),
    ("deep and huge job_data",
     "`start` with job_data nested 100, 511, 600 and 100 000 levels and a 9 MB value (depth 31 and 33, a "
     "65 KB object and 9 MB of keys in the full run): each beyond the limits (32 levels, 64 KB) must be refused "
     "with 400 or 413 (a small one accepted; depth 31/33 are not judged); after each, `GET /api/sessions` (several filters) must still answer 200. A failure means one "
     "session poisons the listing for every client."),
    ("delete/frame race",
     "Trials of 5 concurrent frames plus 1 DELETE on one session. Expected: frames 200, 404, 409 (or 429), "
     "DELETE 200 or 404, never 5xx."),
    ("kill -9 durability",
     "Frames posted to 4 sessions at once (face, no face, two faces, phone), the server SIGKILLed at a random "
     "moment, restarted on the same --data; every acknowledged frame must be counted in `frame_count`. 'tried' is "
     "the number of acknowledged frames; 'data lost' the acknowledged frames missing."),
    ("data-folder permissions",
     "The data folder, `proctor.sqlite*`, `evidence/` and its JPEGs after the run (server umask 022). Expected: "
     "folders 0700, files 0600. A failure means face crops, identity descriptors and job data are readable by "
     "every local user."),
    ("schemathesis (OpenAPI fuzzing)",
     "Schemathesis (examples, coverage and fuzzing phases, seeded) over the document served at /api/docs, with "
     "the key. 'tried' is the number of requests; every 5xx is a failure, as is a server death during the run."),
    ("server log",
     "Every log the server wrote during the run, searched for a marker string put in job_data, the API key, and "
     "image base64. A failure means personal data or secrets end up in logs."),
])

# Measured on this machine (2 cores, load 4-5 from a concurrent swift build), debug binary.
QUICK_HINT = ("100 s when everything passes, about 4 min on a build with the audit's hangs and crashes "
              "(each held connection waits for its deadline, each crash for its backtrace)")
FULL_HINT = ("3.5-4.5 min when everything passes (schemathesis 1-1.5 min of it), about 7 min on a build with "
             "the audit's hangs and crashes")

CLI_COLS = ["family", "tried", "crashed", "hung", "rss-killed", "clear error", "report", "wrong/misleading",
            "data lost", "peak RSS"]
SERVE_COLS = ["family", "tried", "crashed", "hung", "5xx", "bypass", "data lost", "wrong", "time"]


def md_table(cols, rows):
    out = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def cli_rows(outcomes):
    fams = OrderedDict()
    for o in outcomes:
        fams.setdefault(o.case.family, []).append(o)
    rows = []
    tot = [0] * 8
    peak_all = 0
    for fam, os_ in fams.items():
        c = lambda k: sum(1 for o in os_ if o.outcome == k)
        vals = [len(os_), c("crashed"), c("hung"), c("rss"), c("clear_error"), c("report"),
                sum(1 for o in os_ if o.wrong), sum(o.lost for o in os_)]
        peak = max(o.peak_rss_kb for o in os_)
        peak_all = max(peak_all, peak)
        tot = [a + b for a, b in zip(tot, vals)]
        rows.append([fam] + vals + [f"{peak // 1024} MB"])
    rows.append(["**total**"] + [f"**{v}**" for v in tot] + [f"**{peak_all // 1024} MB**"])
    return rows, tot


def serve_rows(tallies):
    rows = []
    tot = [0] * 7
    for t in tallies:
        vals = [t.tried, t.crashed, t.hung, t.fivexx, t.bypass, t.lost, t.wrong]
        tot = [a + b for a, b in zip(tot, vals)]
        rows.append([t.name] + vals + [f"{t.seconds:.0f} s"])
    rows.append(["**total**"] + [f"**{v}**" for v in tot] + [""])
    return rows, tot


def cli_failures(outcomes, proctor_label):
    out = []
    for o in outcomes:
        if o.outcome in ("crashed", "hung", "rss") or o.wrong or o.lost:
            what = "; ".join(filter(None, [o.outcome if o.outcome in ("crashed", "hung", "rss") else "",
                                           o.detail] + o.wrong))
            cmd = " ".join(["$PROCTOR" if a == proctor_label else a for a in o.argv])
            out.append({"family": o.case.family, "case": o.case.name, "input": o.case.path, "how": o.case.how,
                        "command": cmd, "what": what, "stderr": o.stderr_tail})
    return out


def serve_failures(tallies):
    return [f for t in tallies for f in t.failures]


def failures_text(cli_f, serve_f, serve_cmd, limit=None, md=False):
    lines = []
    items = [("cli", f) for f in cli_f] + [("serve", f) for f in serve_f]
    for i, (part, f) in enumerate(items):
        if limit is not None and i >= limit:
            lines.append(f"- ... and {len(items) - limit} more (run the suite to see them all)")
            break
        if part == "cli":
            lines.append(f"- **{f['family']} / {f['case']}**: {f['what']}" if md else
                         f"* [{f['family']}] {f['case']}: {f['what']}")
            lines.append(f"  - input: `{f['input']}` ({f['how']})" if md else f"    input: {f['input']} ({f['how']})")
            lines.append(f"  - command: `{f['command']}`" if md else f"    command: {f['command']}")
            if f["stderr"] and not md:
                lines.append("    stderr: " + f["stderr"].replace("\n", " | ")[:400])
        else:
            case = f["case"].replace("\n", " ")
            lines.append(f"- **{f['family']}** ({f['kind']}): `{case[:300]}` -> {f['what'][:400]}" if md else
                         f"* [{f['family']}] {f['kind']}: {case[:300]} -> {f['what'][:400]}")
    if serve_f:
        lines.append(("" if not md else "\n") + f"Server under test: `{serve_cmd}` (port, data folder and key vary "
                     "per run)" if md else f"  (server under test: {serve_cmd})")
    return "\n".join(lines)


def write_docs(path, ctx):
    cli_block = ""
    if ctx.get("cli_outcomes") is not None:
        rows, _ = cli_rows(ctx["cli_outcomes"])
        fams = list(OrderedDict((o.case.family, 1) for o in ctx["cli_outcomes"]))
        cli_block = (f"### CLI: `analyze`, batch, `verify-id`, `--reference-face` ({ctx['cli_seconds']:.0f} s)\n\n"
                     + md_table(CLI_COLS, rows) + "\n\n"
                     "An outcome is one of: crashed (a signal, or an exit status other than 0, 1, 3, 64), hung "
                     "(time limit: 60 s, 20 s for the filesystem cases, 150 s for a batch), rss-killed (watchdog: "
                     "RSS above 3 GB, polled every 50 ms), clear error (exit 1, or 64 for a usage error such as a "
                     "folder without `--out`, and exactly one `Error:` line that names the input), report (exit 0 and JSON; for a batch: finished with `summary.csv`); an "
                     "exit 1 without such a line counts as wrong. 'wrong/misleading' counts cases that failed a "
                     "family check on top (below). Peak RSS is the larger of `wait4` `ru_maxrss` and the polled "
                     "VmHWM.\n\n"
                     + "\n".join(f"- **{f}**: {CLI_NOTES.get(f, '')}" for f in fams) + "\n")
    serve_block = ""
    if ctx.get("serve_tallies") is not None:
        rows, _ = serve_rows(ctx["serve_tallies"])
        serve_block = (f"### `proctor serve` ({ctx['serve_seconds']:.0f} s)\n\n"
                       f"Server under test: `{ctx['serve_cmd']}`"
                       + ("" if ctx.get("has_timeouts") else " (this binary has no `--header-timeout`/"
                          "`--request-timeout`/`--idle-timeout` yet: it was started without them, and the probes "
                          "still expect the short timeouts)") + ".\n\n"
                       + md_table(SERVE_COLS, rows) + "\n\n"
                       f"'hung' = no answer and no close within the configured timeout plus {ctx['margin']:g} s "
                       "(60 s for an ordinary request); a crash is a server death we did not cause, after which "
                       "the server is restarted on the same data folder; 'wrong' counts family checks (RSS growth, "
                       "descriptors, permissions, log contents, an unexpected status).\n\n"
                       + "\n".join(f"- **{t.name}**: {SERVE_NOTES.get(t.name, '')}"
                                   + (" Measured: " + "; ".join(t.notes) + "." if t.notes else "")
                                   for t in ctx["serve_tallies"]) + "\n")
    fails = failures_text(ctx["cli_failures"], ctx["serve_failures"], ctx.get("serve_cmd", ""), limit=120, md=True)
    text = f"""# Reliability: hostile-input suite

Generated by `reliability/hostile/run.py` (`--write-docs`): do not edit by hand, rerun it.

- Date: {ctx['date']}
- Commit: `{ctx['commit']}`{ctx['dirty']}
- Binary: `{ctx['proctor']}` ({ctx['binary_info']})
- Command: `{ctx['command']}`
- Machine: {ctx['machine']}
- Mode: {'quick (CI subset)' if ctx['quick'] else 'full'}; total {ctx['total_seconds']:.0f} s
  (on this machine, 2 cores at load 4-5, debug binary: `--quick` about {QUICK_HINT}; full about {FULL_HINT})
- Result: **{'PASS' if ctx['ok'] else 'FAIL'}**: {ctx['summary']}

Inputs are made at run time from `../shared/media` (ffmpeg and Python, fixed seeds) in a scratch folder that is
deleted afterwards (`--keep-scratch` keeps it); each failing case below says how its input was made. How to run:

```
python3 -m pip install -r scripts/test-requirements.txt     # schemathesis (serve part)
PROCTOR_MODELS=models python3 reliability/hostile/run.py --proctor .build/debug/proctor --quick
PROCTOR_MODELS=models python3 reliability/hostile/run.py --proctor .build/release/proctor --write-docs
```

Exit status 1 when any crashed, hung, rss-killed, 5xx, bypass, data-lost or wrong count is not zero.

## Results

{cli_block}
{serve_block}
## Failing cases

{fails if fails else 'None.'}
"""
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
