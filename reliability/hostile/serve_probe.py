"""Hostile probes against one `proctor serve` (see server.py), family by family.

Per family: tried, crashed (the server died and we did not kill it), hung (no answer and no close
within the configured timeouts plus MARGIN_S), 5xx, bypass (2xx or 101 without a valid key), data
lost (acknowledged frames missing after kill -9), wrong (family checks: RSS growth, descriptors not
released, file permissions, secrets in the log, unexpected status). A crash is counted against the
request that caused it and the server is restarted on the same --data so later families still run.
"""

import base64
import json
import os
import random
import re
import select
import socket
import stat
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpraw
from corpus import png_flat, png_header_only

MARGIN_S = 5.0  # slack on top of a configured timeout before a connection counts as held
REQUEST_S = 60.0  # an ordinary request (with analysis) that takes longer than this is hung
RSS_GROWTH_KB = 1024 * 1024  # amplification bound: +1 GB over the RSS before the request


@dataclass
class Tally:
    name: str
    tried: int = 0
    crashed: int = 0
    hung: int = 0
    fivexx: int = 0
    bypass: int = 0
    lost: int = 0
    wrong: int = 0
    notes: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    seconds: float = 0.0

    def bad(self):
        return self.crashed + self.hung + self.fivexx + self.bypass + self.lost + self.wrong


def b64(data):
    return base64.b64encode(data).decode()


def short(b, n=160):
    r = repr(b if isinstance(b, (bytes, str)) else str(b))
    return r if len(r) <= n else r[: n - 20] + f"...({len(b)} bytes)"


class Prober:
    def __init__(self, server, media, quick, marker, log=print):
        self.s = server
        self.quick = quick
        self.marker = marker
        self.log = log
        self.tallies = []
        self.key = server.api_key
        self.kh = [("X-API-Key", self.key)]
        t = server.timeouts
        self.lim_header = t["header"] + MARGIN_S
        self.lim_request = t["request"] + MARGIN_S
        self.lim_idle = t["idle"] + MARGIN_S
        self.lim_any = max(t.values()) + MARGIN_S
        im = os.path.join(media, "images")
        self.face = open(os.path.join(im, "b06_oneface_justin_smiling.jpg"), "rb").read()
        self.noface = open(os.path.join(im, "a01_noface_building_home.jpg"), "rb").read()
        self.multi = open(os.path.join(im, "c03_multi_2_debate.jpg"), "rb").read()
        self.phone = open(os.path.join(im, "e03_phone_on_floor_1.jpg"), "rb").read()
        self.png_max = png_header_only(2**32 - 1, 2**32 - 1)
        self.png_c0 = png_header_only(0xC0000000, 0xC0000000)
        self.cur = None
        self.local_openapi = None  # fallback when GET /api/docs does not answer

    # --- bookkeeping -----------------------------------------------------------------------------

    def family(self, name):
        t = Tally(name)
        self.tallies.append(t)
        self.cur = t
        self.log(f"[serve] {name}")
        return t

    def fail(self, kind, case, what):
        if self.cur is None:
            self.family("server start")
        self.cur.failures.append({"family": self.cur.name, "kind": kind, "case": case, "what": what})
        self.log(f"    FAIL {kind}: {case} -> {what}")

    def ensure_alive(self, case):
        """After a request: if the server died on its own, count a crash and restart it."""
        if self.s.alive():
            return True
        time.sleep(0.05)
        what = self.s.exit_description() + ("; log: " + self.s.log_tail(2) if self.s.log_tail(2) else "")
        if self.s.rss_killed:
            self.cur.wrong += 1
            self.fail("rss", case, what)
        else:
            self.cur.crashed += 1
            self.fail("crashed", case, what)
        self.s.restart()
        return False

    def settle(self, case, wait=30.0):
        """After a request that got no answer: was that the server dying? A crashing Swift process may
        spend seconds printing its backtrace before it exits, so wait until /health answers again (alive)
        or the process is gone (crash). Neither within `wait`: count it hung and restart it."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < wait:
            if not self.s.alive():
                return self.ensure_alive(case)
            h = httpraw.request(self.s.port, "GET", "/health", timeout=2.0)
            if h.status == 200:
                return True
            time.sleep(0.2)
        if not self.s.alive():
            return self.ensure_alive(case)
        self.cur.hung += 1
        self.fail("hung", case, f"the server stopped answering GET /health for {wait:g} s (restarted)")
        self.s.restart()
        return False

    def check(self, case, ex, expect=None, no_key=False):
        """Count one request's outcome. expect: set of acceptable statuses (others are 'wrong')."""
        self.cur.tried += 1
        alive = self.ensure_alive(case) if ex.status is not None else self.settle(case)
        if ex.held:
            self.cur.hung += 1
            self.fail("hung", case, ex.describe())
            return ex
        if ex.status is not None and ex.status >= 500:
            self.cur.fivexx += 1
            self.fail("5xx", case, f"HTTP {ex.status} {short(ex.body, 200)}")
        elif no_key and ex.status is not None and (200 <= ex.status < 300 or ex.status == 101):
            self.cur.bypass += 1
            self.fail("bypass", case, f"HTTP {ex.status} without a valid key")
        elif expect is not None and alive and ex.status not in expect:
            self.cur.wrong += 1
            self.fail("wrong", case, f"{ex.describe()}, expected {sorted(x for x in expect if x is not None)}")
        return ex

    def req(self, method, path, headers=(), body=None, timeout=REQUEST_S, key=True, **kw):
        h = list(self.kh if key else []) + list(headers)
        return httpraw.request(self.s.port, method, path, h, body, timeout, **kw)

    def json_body(self, obj):
        return [("Content-Type", "application/json")], json.dumps(obj).encode()

    def new_session(self, job_data=None):
        h, b = self.json_body({"job_data": job_data if job_data is not None else {"probe": self.marker}})
        for _ in range(3):
            ex = self.req("POST", "/api/sessions/start", h, b)
            if ex.status == 200:
                return ex.json()["session_id"]
            self.settle(f"POST /api/sessions/start (setup, after '{self.cur.failures[-1]['case'] if self.cur and self.cur.failures else 'start'}')")
        raise RuntimeError(f"cannot start a session: {ex.describe()} {short(ex.body)}")

    def frame_body(self, img=None):
        return self.json_body({"frame": b64(img or self.face)})

    # --- families ----------------------------------------------------------------------------------

    def routes(self):
        ex = self.req("GET", "/api/docs")
        doc = ex.json() if ex.status == 200 else json.load(open(self.local_openapi))
        out = []
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                if method not in ("get", "post", "put", "delete", "patch"):
                    continue
                if op.get("security") == [] or not path.startswith("/api"):
                    continue  # public: /health, /
                out.append((method.upper(), path))
        return out

    def route_request(self, method, template):
        """Path, headers and body of a request that succeeds with a key (fresh session where consumed)."""
        path = template
        if "{session_id}" in template:
            if template.endswith("/report"):
                sid = self.new_session()
                self.req("POST", f"/api/sessions/{sid}/end")
            else:
                sid = self.new_session()
            path = template.replace("{session_id}", sid)
        h, b = [], None
        if template.endswith("/frame") or template.endswith("/register-face"):
            h, b = self.frame_body()
        elif template.endswith("/verify-document"):
            h, b = self.json_body({"document": b64(self.face), "face": b64(self.face)})
        elif template.endswith("/start"):
            h, b = self.json_body({"job_data": {"probe": self.marker}})
        if template.endswith("/stream"):
            h = httpraw.ws_headers()
        return path, h, b

    KEY_VARIANTS = [
        ("no key", []),
        ("wrong X-API-Key", [("X-API-Key", "wrong-key")]),
        ("empty X-API-Key", [("X-API-Key", "")]),
        ("Bearer wrong", [("Authorization", "Bearer wrong-key")]),
        ("Basic KEY:", "basic"),
        ("key lower-cased", "lower"),
        ("key + 'x'", "plus"),
        ("key minus last char", "prefix"),
        ("Bearer with no token", [("Authorization", "Bearer")]),
        ("Authorization: KEY (no scheme)", "noscheme"),
        ("?api_key=wrong on a REST route", "query"),
    ]

    def key_headers(self, variant):
        k = self.key
        return {"basic": [("Authorization", "Basic " + b64((k + ":").encode()))],
                "lower": [("X-API-Key", k.lower())], "plus": [("X-API-Key", k + "x")],
                "prefix": [("X-API-Key", k[:-1])], "noscheme": [("Authorization", k)],
                "query": []}.get(variant, variant) if isinstance(variant, str) else variant

    @staticmethod
    def path_variants(path):
        v = [("//", "/" + path), ("/./", "/." + path), ("%2F", path.replace("/api/", "/api%2F", 1)),
             ("trailing /", path.rstrip("/") + "/"), ("upper-case", path.replace("/api/", "/API/", 1)),
             ("/api//", path.replace("/api/", "/api//", 1)), ("/api/./", path.replace("/api/", "/api/./", 1)),
             ("/%2Fapi", "/%2F" + path[1:]), ("/x/../", "/x/.." + path), ("%61pi", path.replace("/api/", "/%61pi/", 1)),
             ("Api", path.replace("/api/", "/Api/", 1))]
        return v

    def fam_auth(self):
        self.family("auth: keys and path spellings")
        routes = self.routes()
        keys = self.KEY_VARIANTS if not self.quick else [self.KEY_VARIANTS[i] for i in (0, 1, 3, 4)]
        for method, template in routes:
            if template.endswith("/stream"):
                continue  # the WebSocket family does the upgrade properly
            # sanity: with the key, the canonical request succeeds (else the bypass checks prove nothing)
            path, h, b = self.route_request(method, template)
            ex = self.check(f"{method} {path} with the key (sanity)", self.req(method, path, h, b),
                            expect=set(range(200, 300)))
            for name, variant in keys:
                path, h, b = self.route_request(method, template)
                p = path + ("?api_key=wrong-key" if variant == "query" else "")
                ex = self.req(method, p, list(h) + self.key_headers(variant), b, key=False)
                self.check(f"{method} {p} [{name}]", ex, no_key=True)
            variants = self.path_variants(template)
            if self.quick:
                variants = [v for v in variants if v[0] in ("//", "/./", "%2F", "trailing /", "upper-case")]
            for vname, _ in variants:
                path, h, b = self.route_request(method, template)
                vpath = dict(self.path_variants(path))[vname]
                ex = self.req(method, vpath, h, b, key=False)
                self.check(f"{method} {vpath} [no key, path '{vname}']", ex, no_key=True)
                path, h, b = self.route_request(method, template)
                vpath = dict(self.path_variants(path))[vname]
                self.check(f"{method} {vpath} [with key, path '{vname}']", self.req(method, vpath, h, b))

    def fam_websocket(self):
        self.family("WebSocket upgrade auth")
        sid = self.new_session()
        paths = [f"/api/sessions/{sid}/stream", f"//api/sessions/{sid}/stream"]
        if not self.quick:
            paths += [f"/./api/sessions/{sid}/stream", f"/api%2Fsessions/{sid}/stream", f"/api/sessions/{sid}/stream/",
                      f"/API/sessions/{sid}/stream"]
        variants = [("no key", [], ""), ("wrong X-API-Key", [("X-API-Key", "wrong-key")], ""),
                    ("?api_key=wrong", [], "?api_key=wrong-key"), ("Bearer wrong", [("Authorization", "Bearer x")], "")]
        for p in paths:
            for name, h, q in variants:
                ex = httpraw.request(self.s.port, "GET", p + q, httpraw.ws_headers(h), None, self.lim_any,
                                     stop_after_head=True, )
                self.check(f"WebSocket upgrade GET {p + q} [{name}]", ex, no_key=True)
        for name, h, q in [("X-API-Key", self.kh, ""), ("?api_key=KEY", [], f"?api_key={self.key}")]:
            p = paths[0] + q
            ex = httpraw.request(self.s.port, "GET", p, httpraw.ws_headers(h), None, self.lim_any, stop_after_head=True)
            self.check(f"WebSocket upgrade GET {p} [valid key via {name}] (sanity)", ex, expect={101})

    def fam_crash_payloads(self):
        self.family("one-request crash payloads")
        pngs = [("PNG IHDR (2^32-1)^2", self.png_max), ("PNG IHDR 0xC0000000^2", self.png_c0)]
        for pname, png in pngs:
            sid = self.new_session()
            h, b = self.json_body({"frame": b64(png)})
            self.check(f"POST /api/sessions/ID/frame JSON base64 {pname}",
                       self.req("POST", f"/api/sessions/{sid}/frame", h, b))
            self.check(f"POST /api/sessions/ID/frame raw image/png {pname}",
                       self.req("POST", f"/api/sessions/{sid}/frame", [("Content-Type", "image/png")], png))
            self.check(f"POST /api/sessions/ID/register-face JSON {pname}",
                       self.req("POST", f"/api/sessions/{sid}/register-face", h, b))
            for role in ("document", "face"):
                other = "face" if role == "document" else "document"
                h2, b2 = self.json_body({role: b64(png), other: b64(self.face)})
                self.check(f"POST /api/verify-document JSON {pname} as {role}",
                           self.req("POST", "/api/verify-document", h2, b2))
            self.tried_ws_binary(sid, png, f"WebSocket binary message {pname}")
        pages = ["page=9223372036854775807", "page=9223372036854775807&per_page=100", "page=-9223372036854775808",
                 "per_page=9223372036854775807", "page=4611686018427387904&per_page=4", "page=0", "page=-1",
                 "page=9223372036854775808", "per_page=0", "per_page=-1", "page=1e309", "page=abc",
                 "per_page=99999999999999999999999", "page=2&per_page=9223372036854775807"]
        if self.quick:
            pages = pages[:6]
        for q in pages:
            self.check(f"GET /api/sessions?{q}", self.req("GET", f"/api/sessions?{q}"))

    def tried_ws_binary(self, sid, payload, case):
        self.cur.tried += 1
        try:
            st, msg, closed, el = httpraw.ws_send_and_read(self.s.port, f"/api/sessions/{sid}/stream", self.kh,
                                                           payload, REQUEST_S)
        except OSError as e:
            st, msg, closed, el = None, None, True, 0
        if not (self.settle(case) if msg is None else self.ensure_alive(case)):
            return
        if st == 101 and msg is None and not closed:
            self.cur.hung += 1
            self.fail("hung", case, "no message and not closed")
        elif msg is not None:
            try:
                m = json.loads(msg)
                if m.get("type") == "error" and int(m.get("status", 0)) >= 500:
                    self.cur.fivexx += 1
                    self.fail("5xx", case, short(msg))
            except ValueError:
                pass

    def rss_probe(self, case, fn):
        """Run fn() and measure the server's RSS growth (VmHWM reset before, or 20 ms sampling)."""
        base = self.s.rss_kb() or 0
        peak = [base]
        reset = self.s.reset_peak()
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                r = self.s.rss_kb()
                if r:
                    peak[0] = max(peak[0], r)
                time.sleep(0.02)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        try:
            result = fn()
        finally:
            stop.set()
            th.join()
        hwm = self.s.peak_kb() if reset else None
        grow = max(peak[0], hwm or 0) - base
        return result, base, grow

    def fam_amplification(self):
        self.family("decompression / amplification")
        strip = png_flat(1, 4000, 2, 90)
        wide = png_flat(4000, 1, 2, 90)
        bomb = png_flat(20000, 20000)
        cases = [("1x4000 strip PNG", strip, "frame"), ("1x4000 strip PNG", strip, "verify-document"),
                 ("20000^2 PNG bomb", bomb, "frame")]
        if not self.quick:
            cases += [("1x4000 strip PNG", strip, "register-face"), ("4000x1 strip PNG", wide, "frame"),
                      ("20000^2 PNG bomb", bomb, "verify-document"), ("1x4000 strip PNG", strip, "frame x4 concurrent")]
        for name, img, where in cases:
            sid = self.new_session()
            if where.startswith("frame") or where == "register-face":
                route = "register-face" if where == "register-face" else "frame"
                h, b = self.json_body({"frame": b64(img)})
                path = f"/api/sessions/{sid}/{route}"
            else:
                h, b = self.json_body({"document": b64(img), "face": b64(self.face)})
                path = "/api/verify-document"
            case = f"POST {path} {name} ({len(img)} bytes)" + (" x4 concurrent" if "x4" in where else "")
            if "x4" in where:
                sids = [sid] + [self.new_session() for _ in range(3)]

                def go():
                    res = [None] * 4
                    ths = [threading.Thread(target=lambda i=i: res.__setitem__(
                        i, self.req("POST", f"/api/sessions/{sids[i]}/frame", h, b))) for i in range(4)]
                    [t.start() for t in ths]
                    [t.join() for t in ths]
                    return res

                results, base, grow = self.rss_probe(case, go)
                for i, ex in enumerate(results):
                    self.check(f"{case} #{i + 1}", ex)
                answer = "/".join(str(ex.status) for ex in results)
            else:
                ex, base, grow = self.rss_probe(case, lambda: self.req("POST", path, h, b))
                self.check(case, ex)
                answer = str(ex.status)
            self.cur.notes.append(f"{name} -> {where}: HTTP {answer}, RSS {base // 1024} MB +{grow // 1024} MB")
            self.log(f"    {case}: RSS {base // 1024} MB +{grow // 1024} MB")
            if grow > RSS_GROWTH_KB:
                self.cur.wrong += 1
                self.fail("rss", case, f"server RSS grew by {grow // 1024} MB (from {base // 1024} MB; "
                                            f"bound +{RSS_GROWTH_KB // 1024} MB)")

    def fam_job_data(self):
        self.family("deep and huge job_data")
        m = self.marker

        def nested(depth, kind):
            if kind == "object":
                return '{"a":' * depth + json.dumps(m) + "}" * depth
            return "[" * depth + json.dumps(m) + "]" * depth

        refuse, accept, edge = {400, 413}, {200}, None  # limits: 32 levels, 64 KB (400 or 413 beyond)
        bodies = [("depth 5 (within the limits)", nested(5, "object"), accept),
                  ("depth 100 (objects)", nested(100, "object"), refuse),
                  ("depth 511 (objects)", nested(511, "object"), refuse),
                  ("depth 600 (objects)", nested(600, "object"), refuse),
                  ("depth 100000 (arrays)", nested(100000, "array"), refuse),
                  ("9 MB string", json.dumps({"blob": m + "x" * (9 << 20)}), refuse)]
        if not self.quick:
            bodies += [("depth 31", nested(31, "object"), edge), ("depth 33", nested(33, "object"), edge),
                       ("65 KB object", json.dumps({"k%d" % i: m for i in range(65 * 1024 // (len(m) + 10))}), refuse),
                       ("9 MB of keys", json.dumps({"k%07d" % i: m[:8] for i in range((9 << 20) // 22)}), refuse)]
        created = []
        for name, jd, expect in bodies:
            body = ('{"job_data": ' + jd + "}").encode()
            ex = self.check(f"POST /api/sessions/start job_data {name} ({len(body)} bytes)",
                            self.req("POST", "/api/sessions/start", [("Content-Type", "application/json")], body),
                            expect=expect)
            self.cur.notes.append(f"{name}: HTTP {ex.status}")
            if ex.status == 200:
                try:
                    created.append((name, ex.json()["session_id"]))
                except (ValueError, KeyError):
                    pass
            for q in ("/api/sessions?per_page=100", "/api/sessions?status=active&per_page=100", "/api/sessions"):
                self.check(f"GET {q} after job_data {name}", self.req("GET", q), expect={200})
        for name, sid in created:
            self.check(f"GET /api/sessions/{sid} (job_data {name})", self.req("GET", f"/api/sessions/{sid}"),
                       expect={200})
        for name, sid in created:
            self.req("DELETE", f"/api/sessions/{sid}")

    def fam_session_ids(self):
        self.family("hostile session ids")
        ids = [("../", "../../etc/passwd"), ("%2e%2e", "%2e%2e"), ("..%2F", "..%2F..%2Fetc%2Fpasswd"),
               ("5000 chars", "A" * 5000), ("100000 chars", "A" * 100000), ("NUL", "abc%00def"),
               ("unicode (encoded)", "%C3%A9%E2%80%AE%F0%9F%98%80"), ("raw UTF-8", "é\u202e😀".encode()),
               ("SQL", "%27%20OR%201%3D1--"), ("braces", "%7B%7D"), ("%2e%2e%2f", "%2e%2e%2f%2e%2e%2fproctor.sqlite"),
               ("upper-case UUID", str(uuid.uuid4()).upper())]
        routes = [("GET", ""), ("GET", "/metrics"), ("POST", "/frame"), ("DELETE", ""), ("GET", "/stream")]
        if self.quick:
            ids = [ids[i] for i in (0, 1, 3, 4, 5, 7)]
            routes = routes[:3]
        for name, sid in ids:
            for method, suffix in routes:
                base = b"/api/sessions/" + (sid if isinstance(sid, bytes) else sid.encode()) + suffix.encode()
                h, b = (self.frame_body() if suffix == "/frame" else ([], None))
                if suffix == "/stream":
                    h = httpraw.ws_headers()
                ex = self.req(method, base, h, b, timeout=self.lim_request, stop_after_head=True)
                self.check(f"{method} /api/sessions/<{name}>{suffix}", ex)
                if ex.status == 200 and name not in ("upper-case UUID",):
                    self.cur.wrong += 1
                    self.fail("wrong", f"{method} /api/sessions/<{name}>{suffix}", "HTTP 200 for a hostile id")

    def fam_methods(self):
        self.family("wrong methods")
        reqs = [("CONNECT", "/api/sessions"), ("CONNECT", f"127.0.0.1:{self.s.port}"), ("FOO", "/api/sessions"),
                ("TRACE", "/health"), ("PATCH", "/api/sessions"), ("PUT", "/api/sessions/start"),
                ("OPTIONS", "/api/sessions"), ("HEAD", "/health"), ("GET", "*"), ("PROPFIND", "/")]
        if self.quick:
            reqs = reqs[:4]
        for method, path in reqs:
            self.check(f"{method} {path}", self.req(method, path, timeout=self.lim_any, stop_after_head=True))

    def raw_cases(self):
        k = self.key.encode()
        start = b"POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nX-API-Key: " + k + b"\r\nContent-Type: application/json\r\n"
        cases = [
            ("Content-Length too long (100, 2 sent)", start + b"Content-Length: 100\r\n\r\n{}"),
            ("Content-Length negative", start + b"Content-Length: -5\r\n\r\n{}"),
            ("Content-Length huge", start + b"Content-Length: 99999999999999999999999\r\n\r\n{}"),
            ("Content-Length doubled (2, 10)", start + b"Content-Length: 2\r\nContent-Length: 10\r\n\r\n{}"),
            ("bad chunk size", start + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
            ("CL + TE", start + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
            ("100 KB header", b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"),
            ("10000 headers", b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(10000)) + b"\r\n"),
            ("100 KB request line", b"GET /health?" + b"q" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
            ("TLS ClientHello", bytes.fromhex("16030100c4010000c00303") + bytes(32) + bytes.fromhex("000032c02cc02bc030c02f009f009ec024c023c028c027c00ac009c014c013009d009c003d003c0035002f000a0100")),
            ("HTTP/0.9", b"GET /health\r\n\r\n"),
            ("h2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes.fromhex("000000040000000000")),
            ("huge chunk size", start + b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
            ("header without colon", b"GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
            ("NUL in header", b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n"),
            ("bare LF line endings", b"GET /health HTTP/1.1\nHost: x\n\n"),
            ("garbage bytes", random.Random(5).randbytes(512)),
        ]
        if self.quick:
            cases = cases[:12]
        return cases

    def parallel(self, jobs):
        """Run (case, fn) pairs at once; fn returns an Exchange; results in order."""
        res = [None] * len(jobs)

        def run(i, fn):
            try:
                res[i] = fn()
            except Exception as e:  # a probe error is reported, never swallowed
                res[i] = httpraw.Exchange(None, b"", b"", True, False, f"probe error: {e}", 0)

        ths = [threading.Thread(target=run, args=(i, fn), daemon=True) for i, (_, fn) in enumerate(jobs)]
        [t.start() for t in ths]
        [t.join() for t in ths]
        return res

    def fam_raw(self):
        self.family("raw protocol")
        jobs = [(name, (lambda d=data: httpraw.exchange(self.s.port, d, self.lim_any)))
                for name, data in self.raw_cases()]
        for (name, _), ex in zip(jobs, self.parallel(jobs)):
            self.check(f"raw: {name}", ex)

    def slow_conn(self, kind, limit):
        """One slow connection; returns an Exchange: answered/closed by the server, or held past `limit`."""
        t0 = time.monotonic()
        s = socket.create_connection(("127.0.0.1", self.s.port), timeout=5)
        s.setblocking(False)
        buf = b""
        n = 0
        try:
            if kind == "keepalive-idle":
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            elif kind == "slow body":
                s.sendall(b"POST /api/sessions/start HTTP/1.1\r\nHost: x\r\nX-API-Key: " + self.key.encode()
                          + b"\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n")
            elif kind == "slowloris":
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            while time.monotonic() - t0 < limit:
                r, _, _ = select.select([s], [], [], 1.0)
                if r:
                    try:
                        c = s.recv(65536)
                    except (ConnectionResetError, OSError) as e:
                        return httpraw.Exchange(None, buf, b"", True, False, str(e), time.monotonic() - t0)
                    if not c:
                        st = int(buf.split(b" ")[1]) if buf.startswith(b"HTTP/") and kind != "keepalive-idle" else None
                        return httpraw.Exchange(st, buf, b"", True, False, "", time.monotonic() - t0)
                    buf += c
                    if kind == "keepalive-idle":
                        continue  # the answer to the one request; only a close ends this connection
                    if buf.startswith(b"HTTP/") and b"\r\n\r\n" in buf:  # answered (e.g. 408): fine
                        return httpraw.Exchange(int(buf.split(b" ")[1]), buf, b"", False, False, "",
                                                time.monotonic() - t0)
                    continue
                try:
                    if kind == "slowloris":
                        s.send(b"X-Slow-%d: %d\r\n" % (n, n))
                    elif kind == "slow body":
                        s.send(b" ")
                    n += 1
                except (BrokenPipeError, ConnectionResetError, BlockingIOError) as e:
                    return httpraw.Exchange(None, buf, b"", True, False, type(e).__name__, time.monotonic() - t0)
            return httpraw.Exchange(None, buf, b"", False, True, "", time.monotonic() - t0)
        finally:
            s.close()

    def fam_slow(self):
        self.family("slow connections")
        t = self.s.timeouts
        n = 2 if self.quick else 5
        jobs = [("idle socket (nothing sent)", self.lim_header, "idle")]
        jobs += [(f"slowloris #{i + 1} (a header line every 1 s)", self.lim_header, "slowloris") for i in range(n)]
        jobs += [("slow body (1 byte/s of Content-Length 60)", self.lim_request, "slow body"),
                 ("idle keep-alive after one request", self.lim_idle, "keepalive-idle")]
        health = []

        def watch_health():
            for _ in range(3):
                time.sleep(1.5)
                health.append(self.req("GET", "/health", timeout=5, key=False))

        hw = threading.Thread(target=watch_health, daemon=True)
        hw.start()
        results = self.parallel([(name, (lambda k=kind, l=limit: self.slow_conn(k, l))) for name, limit, kind in jobs])
        hw.join()
        for (name, limit, kind), ex in zip(jobs, results):
            case = f"{name}: must be closed within {limit - MARGIN_S:g} s + {MARGIN_S:g} s"
            self.cur.tried += 1
            self.ensure_alive(case)
            if ex.held:
                self.cur.hung += 1
                self.fail("hung", case, f"still open after {ex.elapsed:.1f} s")
            elif ex.status and ex.status >= 500:
                self.cur.fivexx += 1
                self.fail("5xx", case, f"HTTP {ex.status}")
            else:
                how = f"answered HTTP {ex.status}" if ex.status else "closed"
                self.cur.notes.append(f"{name.split(' (')[0]}: {how} after {ex.elapsed:.1f} s")
        for i, ex in enumerate(health):
            self.check(f"GET /health during the slow connections (#{i + 1})", ex, expect={200})

    def fam_idle_many(self):
        self.family("300 idle connections")
        base = self.s.fds()
        socks = []
        try:
            for _ in range(300):
                try:
                    socks.append(socket.create_connection(("127.0.0.1", self.s.port), timeout=5))
                except OSError as e:
                    self.cur.notes.append(f"connect {len(socks) + 1} failed: {e}")
                    break
            time.sleep(0.5)
            during = self.s.fds()
            h = self.req("GET", "/health", timeout=10, key=False)
            self.check("GET /health with 300 idle connections open", h, expect={200})
            wait = max(self.s.timeouts["header"], self.s.timeouts["idle"]) + MARGIN_S
            time.sleep(wait)
            after = self.s.fds()
            closed = 0
            for s in socks:
                s.setblocking(False)
                try:
                    if s.recv(1) == b"":
                        closed += 1
                except BlockingIOError:
                    pass
                except OSError:
                    closed += 1
        finally:
            for s in socks:
                s.close()
        self.cur.tried += 1
        note = f"server descriptors {base} -> {during} with {len(socks)} open -> {after} after {wait:g} s; " \
               f"{closed} of {len(socks)} closed by the server"
        self.cur.notes.append(note)
        self.log("    " + note)
        if after is None or base is None or after > base + 20:
            self.cur.hung += 1
            self.fail("hung", f"{len(socks)} idle connections, waited {wait:g} s", note)

    def fam_race(self):
        self.family("delete/frame race")
        trials = 4 if self.quick else 12
        h, b = self.frame_body()
        for t in range(trials):
            sid = self.new_session()
            out = {}

            def frame(i):
                out[f"frame{i}"] = self.req("POST", f"/api/sessions/{sid}/frame", h, b)

            def delete():
                out["delete"] = self.req("DELETE", f"/api/sessions/{sid}")

            ths = [threading.Thread(target=frame, args=(i,)) for i in range(5)]
            ths.insert(2, threading.Thread(target=delete))
            [x.start() for x in ths]
            [x.join() for x in ths]
            for name, ex in sorted(out.items()):
                expect = {200, 404, 429} if name == "delete" else {200, 404, 409, 429}
                self.check(f"trial {t + 1}: {name} racing DELETE /api/sessions/{sid}", ex, expect=expect)

    def fam_durability(self):
        self.family("kill -9 durability")
        rounds = 2 if self.quick else 3
        window = (3, 6) if self.quick else (8, 14)
        rng = random.Random()
        imgs = [self.face, self.noface, self.multi, self.phone]
        sids = [self.new_session() for _ in imgs]
        acked = {sid: 0 for sid in sids}
        posted = 0
        for r in range(rounds):
            stop = threading.Event()
            lock = threading.Lock()
            counts = {"posted": 0}

            def poster(sid, img):
                h, b = self.frame_body(img)
                while not stop.is_set():
                    try:
                        ex = httpraw.request(self.s.port, "POST", f"/api/sessions/{sid}/frame", self.kh + h, b, 30)
                    except OSError:
                        break
                    with lock:
                        counts["posted"] += 1
                        if ex.status == 200:
                            acked[sid] += 1
                        elif ex.status and ex.status >= 500:
                            self.cur.fivexx += 1
                            self.fail("5xx", f"round {r + 1}: POST /api/sessions/{sid}/frame", f"HTTP {ex.status}")

            ths = [threading.Thread(target=poster, args=(sid, img), daemon=True) for sid, img in zip(sids, imgs)]
            [t.start() for t in ths]
            delay = rng.uniform(*window)
            time.sleep(delay)
            if not self.s.alive():
                self.ensure_alive(f"round {r + 1}: frames to 4 sessions")
            self.s.kill9()
            stop.set()
            [t.join(timeout=40) for t in ths]
            t0 = time.monotonic()
            self.s.start()
            restart = time.monotonic() - t0
            posted += counts["posted"]
            for sid in sids:
                ex = self.req("GET", f"/api/sessions/{sid}")
                if ex.status != 200:
                    self.cur.lost += acked[sid]
                    self.fail("data lost", f"round {r + 1}: GET /api/sessions/{sid} after kill -9",
                              f"{ex.describe()} ({acked[sid]} frames acknowledged)")
                    continue
                j = ex.json()
                count = j.get("session", j).get("frame_count")
                if count is None:
                    self.cur.wrong += 1
                    self.fail("wrong", f"GET /api/sessions/{sid}", "no session.frame_count in " + short(ex.body))
                elif count < acked[sid]:
                    self.cur.lost += acked[sid] - count
                    self.fail("data lost", f"round {r + 1}: session {sid} after kill -9 at {delay:.1f} s",
                              f"frame_count {count} < {acked[sid]} acknowledged")
            self.cur.notes.append(f"round {r + 1}: SIGKILL after {delay:.1f} s, {sum(acked.values())} acknowledged "
                                  f"so far, restart {restart:.2f} s")
        self.cur.tried = sum(acked.values())
        self.cur.notes.append(f"{posted} frames posted, {sum(acked.values())} acknowledged (tried = acknowledged)")

    def fam_permissions(self):
        self.family("data-folder permissions")
        data = self.s.data
        paths = [data] + [os.path.join(data, f) for f in os.listdir(data) if f.startswith("proctor.sqlite")]
        ev = os.path.join(data, "evidence")
        jpgs = 0
        if os.path.isdir(ev):
            for root, dirs, files in os.walk(ev):
                paths.append(root)
                for f in files:
                    paths.append(os.path.join(root, f))
                    jpgs += f.lower().endswith(".jpg")
        bad = {}
        for p in paths:
            mode = stat.S_IMODE(os.lstat(p).st_mode)
            self.cur.tried += 1
            if mode & 0o077:
                kind = "folder" if os.path.isdir(p) else "file"
                bad.setdefault((kind, oct(mode)), []).append(os.path.relpath(p, os.path.dirname(data)))
        self.cur.notes.append(f"{len(paths)} paths checked ({jpgs} evidence JPEGs), server umask 022; expected folders "
                              f"0700, files 0600")
        if jpgs == 0:
            self.cur.notes.append("no evidence JPEG was written: evidence permissions not checked")
        for (kind, mode), ps in sorted(bad.items()):
            self.cur.wrong += len(ps)
            self.fail("permissions", f"{len(ps)} {kind}(s) with mode {mode}",
                      ", ".join(ps[:4]) + (f" and {len(ps) - 4} more" if len(ps) > 4 else ""))

    def fam_logs(self):
        self.family("server log")
        b64run = re.compile(rb"[A-Za-z0-9+/]{400,}")
        longest = 0
        for log in self.s.logs:
            self.cur.tried += 1
            data = open(log, "rb").read()
            longest = max([longest] + [len(l) for l in data.splitlines()])
            found = []
            if self.marker.encode() in data:
                found.append(f"job_data marker '{self.marker}' ({data.count(self.marker.encode())} times)")
            if self.key.encode() in data:
                found.append("the API key")
            # a base64 run of 400+ characters that is not one repeated character (the 9 MB job_data value
            # is 'x' * 9 MB: that one is the marker's business), or a JPEG/PNG base64 prefix
            if any(len(set(m.group(0)[:4096])) > 16 for m in b64run.finditer(data)) or b"/9j/" in data or b"iVBOR" in data:
                found.append("image base64")
            if found:
                self.cur.wrong += 1
                self.fail("log leak", os.path.basename(log) + f" ({len(data)} bytes)", "contains " + ", ".join(found))
        self.cur.notes.append(f"{len(self.s.logs)} logs, longest line {longest} bytes")
