"""Hostile inputs for the CLI families, made from the shared media with ffmpeg and Python.

`build_cli_cases(scratch, media, quick)` writes every input under `scratch` and returns the cases;
each case says how its input was made (`how`), so a failure can be reproduced without the scratch
folder. Everything is deterministic (fixed seeds), so a rerun makes the same bytes.
"""

import os
import random
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field

# What a case runs (cli_runner builds the command line from it):
#   analyze          proctor analyze PATH
#   verify-document  proctor verify-id --document PATH --face GOOD
#   verify-face      proctor verify-id --document GOOD --face PATH
#   verify-selfie    proctor verify-id --selfie-with-id PATH
#   reference-face   proctor analyze GOOD_CLIP --reference-face PATH
#   batch            proctor analyze PATH --out OUT --jobs 2
KINDS = ("analyze", "verify-document", "verify-face", "verify-selfie", "reference-face", "batch")


@dataclass
class CliCase:
    family: str
    name: str
    kind: str
    path: str
    how: str
    # Family-specific expectations, checked by cli_runner.classify:
    #   refuse        a report/verdict is wrong (the input must be refused)
    #   report        an error is wrong (a valid input must be analysed)
    #   rss_1g        peak RSS must stay under 1 GB
    #   says:WORD|..  the error must contain one of these words (case-insensitive)
    #   not_nosuch    the error must not say "no such file" nor "permission"
    #   face_present  the report must not have 100 % no_face
    checks: tuple = ()
    timeout: float = 60.0
    expected_rows: list = field(default_factory=list)  # batch: recordings that need a summary row


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


# --- small binary makers ------------------------------------------------------------------------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width, height):
    """A PNG signature + IHDR declaring width x height (8-bit RGB) + an empty IDAT + IEND."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(b"")) + png_chunk(b"IEND", b""))


def png_flat(width, height, color_type=0, value=0):
    """A valid flat PNG, compressed row by row (a 20000x20000 grey bomb is ~400 KB, built in ~1 s)."""
    channels = {0: 1, 2: 3}[color_type]
    row = b"\0" + bytes([value]) * (width * channels)
    comp = zlib.compressobj(9)
    parts = [comp.compress(row) for _ in range(height)]
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b""))


def jpeg_patch_size(data, width, height):
    """Rewrite the first SOFn segment's height and width."""
    i = 2
    while i < len(data) - 9:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3):
            b = bytearray(data)
            b[i + 5:i + 9] = struct.pack(">HH", height, width)
            return bytes(b)
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        seglen = struct.unpack(">H", data[i + 2:i + 4])[0]
        i += 2 + seglen
    raise ValueError("no SOF marker")


class Corpus:
    def __init__(self, scratch, media, quick):
        self.root = os.path.join(scratch, "corpus")
        os.makedirs(self.root, exist_ok=True)
        self.media = media
        self.quick = quick
        self.rng = random.Random(20261129)
        self.cases = []
        v = os.path.join(media, "videos")
        im = os.path.join(media, "images")
        self.v01 = os.path.join(v, "v01_webcam_gaze_left.mp4")
        self.v04 = os.path.join(v, "v04_phone_in_hands.mp4")
        self.v05 = os.path.join(v, "v05_stage_cuts_profile_multiface.mp4")
        self.face_jpg = os.path.join(im, "b01_oneface_obama.jpg")
        self.noface_png = os.path.join(im, "a02_noface_coffee.png")
        self.text_jpg = os.path.join(im, "g01_text_sign_notice.jpg")
        # The partner image of every verify-id run and the clip of every --reference-face run.
        self.good_face = self.face_jpg
        self.base = {}

    def p(self, *parts):
        path = os.path.join(self.root, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def write(self, rel, data):
        path = self.p(rel)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def add(self, family, name, kind, path, how, checks=(), timeout=60.0, **kw):
        self.cases.append(CliCase(family, name, kind, path, how, tuple(checks), timeout, **kw))

    # --- base clips (3 s of v04 in each container) -------------------------------------------------

    def make_bases(self):
        b = self.base
        b["mp4_faststart"] = self.p("base", "v04_3s_faststart.mp4")
        ffmpeg("-i", self.v04, "-t", "3", "-an", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
               "-movflags", "+faststart", b["mp4_faststart"])
        b["mp4_moov_end"] = self.p("base", "v04_3s_moov_end.mp4")
        ffmpeg("-i", b["mp4_faststart"], "-c", "copy", b["mp4_moov_end"])
        b["mkv"] = self.p("base", "v04_3s.mkv")
        ffmpeg("-i", b["mp4_faststart"], "-c", "copy", b["mkv"])
        b["webm"] = self.p("base", "v04_3s.webm")
        ffmpeg("-i", self.v04, "-t", "3", "-an", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
               "-b:v", "400k", b["webm"])
        b["v01"] = self.p("base", "v01_3s.mp4")
        ffmpeg("-i", self.v01, "-t", "3", "-an", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", b["v01"])
        b["v05"] = self.p("base", "v05_3s.mkv")
        ffmpeg("-i", self.v05, "-t", "3", "-an", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", b["v05"])
        self.good_clip = b["mp4_faststart"]

    # --- families ----------------------------------------------------------------------------------

    def truncations(self):
        fracs = [0.5, 0.9] if self.quick else [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
        absolute = [1000] if self.quick else [1, 16, 100, 1000, 4096]
        for key in ("mp4_faststart", "mp4_moov_end", "mkv", "webm"):
            src = self.base[key]
            data = open(src, "rb").read()
            n = len(data)
            offsets = sorted(set(absolute + [int(n * f) for f in fracs] + ([] if self.quick else [n - 1])))
            ext = os.path.splitext(src)[1]
            for off in offsets:
                path = self.write(f"trunc/{key}_{off}{ext}", data[:off])
                self.add("truncations", f"trunc_{key}_{off}", "analyze", path,
                         f"first {off} of {n} bytes of {os.path.basename(src)} (v04, 3 s, {key})")

    def corruption(self):
        specs = []
        for key in (("mp4_faststart", "webm") if not self.quick else ("mp4_faststart",)):
            data = open(self.base[key], "rb").read()
            ext = os.path.splitext(self.base[key])[1]
            n = len(data)
            muts = [("hdrflip1", 1, "header"), ("hdrflip16", 16, "header"), ("body100", 100, "body"),
                    ("pct1", n // 100, "body"), ("zero64k", 0, "zero"), ("rand64k", 0, "rand"),
                    ("splice_aa", 0, "splice_aa"), ("splice_ba", 0, "splice_ba"), ("hdrflip4", 4, "header"),
                    ("body10", 10, "body"), ("body1000", 1000, "body")]
            if self.quick:
                muts = [m for m in muts if m[0] in ("hdrflip16", "body1000", "zero64k", "splice_ba")]
            for tag, count, where in muts:
                rng = random.Random(f"{key}-{tag}")
                b = bytearray(data)
                if where == "header":
                    for _ in range(count):
                        i = rng.randrange(0, min(4096, n))
                        b[i] ^= 1 << rng.randrange(8)
                    how = f"{count} random bit flips in the first 4 KB"
                elif where == "body":
                    for _ in range(count):
                        b[rng.randrange(4096, n)] = rng.randrange(256)
                    how = f"{count} random bytes overwritten after the first 4 KB"
                elif where == "zero":
                    s = n // 2
                    b[s:s + 65536] = bytes(len(b[s:s + 65536]))
                    how = "64 KB zeroed at the middle"
                elif where == "rand":
                    s = n // 4
                    b[s:s + 65536] = bytes(rng.randrange(256) for _ in range(len(b[s:s + 65536])))
                    how = "64 KB randomised at 25 %"
                elif where == "splice_aa":
                    b = bytearray(data[:n // 2] + data[:n // 2])
                    how = "first half twice"
                else:
                    b = bytearray(data[n // 2:] + data[:n // 2])
                    how = "second half then first half"
                path = self.write(f"corrupt/{key}_{tag}{ext}", bytes(b))
                specs.append(path)
                self.add("corruption", f"corrupt_{key}_{tag}", "analyze", path,
                         f"{os.path.basename(self.base[key])} with {how} (seed '{key}-{tag}')")

    def junk(self):
        rng = random.Random(7)
        sizes = [1024] if self.quick else [1, 1024, 100_000, 3_000_000]
        exts = ["mp4", "webm"] if self.quick else ["mp4", "webm", "mkv", "avi", "mov", "ts"]
        for ext in exts:
            for size in sizes:
                path = self.write(f"junk/random_{size}.{ext}", bytes(rng.randrange(256) for _ in range(min(size, 4096)))
                                  * (size // 4096 + 1))
                with open(path, "r+b") as f:
                    f.truncate(size)
                self.add("junk", f"random_{size}_{ext}", "analyze", path, f"{size} random bytes named .{ext}")
        items = [
            ("empty.mp4", b"", "zero-length .mp4"),
            ("text.mp4", b"this is not a video\n" * 20, "plain text named .mp4"),
            ("page.webm", b"<!doctype html><html><body><h1>404</h1></body></html>\n", "HTML named .webm"),
            ("ebml_magic.webm", b"\x1a\x45\xdf\xa3", "the EBML magic alone"),
            ("riff_magic.avi", b"RIFF\0\0\0\0AVI ", "a RIFF/AVI header alone"),
            ("ts_sync.ts", b"\x47" + bytes(187), "one MPEG-TS packet of zeros"),
        ]
        if self.quick:
            items = items[:3]
        for name, data, how in items:
            self.add("junk", name, "analyze", self.write(f"junk/{name}", data), how)
        jpg = self.p("junk/photo_jpeg.mp4")
        shutil.copyfile(self.face_jpg, jpg)
        self.add("junk", "jpeg_as_mp4", "analyze", jpg, "b01_oneface_obama.jpg renamed .mp4")
        if not self.quick:
            png = self.p("junk/photo_png.webm")
            shutil.copyfile(self.noface_png, png)
            self.add("junk", "png_as_webm", "analyze", png, "a02_noface_coffee.png renamed .webm")

    def image_entry_points(self, family, name, path, how, checks=(), timeout=60.0, kinds=None):
        for kind in kinds or ("verify-document", "verify-face", "verify-selfie", "reference-face"):
            self.add(family, f"{name}@{kind}", kind, path, how, checks, timeout)

    def huge(self):
        self.image_entry_points("huge declared size", "png_ihdr_4294967295sq",
                                self.write("huge/ihdr_max.png", png_header_only(2**32 - 1, 2**32 - 1)),
                                "PNG whose IHDR declares (2^32-1)x(2^32-1), 57 bytes", ["rss_1g"])
        self.image_entry_points("huge declared size", "png_ihdr_c0000000sq",
                                self.write("huge/ihdr_c0.png", png_header_only(0xC0000000, 0xC0000000)),
                                "PNG whose IHDR declares 0xC0000000 squared", ["rss_1g"])
        jpg = open(self.face_jpg, "rb").read()
        self.image_entry_points("huge declared size", "jpeg_sof_65535sq",
                                self.write("huge/sof_65535.jpg", jpeg_patch_size(jpg, 65535, 65535)),
                                "b01_oneface_obama.jpg with its SOF patched to 65535x65535", ["rss_1g"])
        self.image_entry_points("huge declared size", "png_bomb_20000sq",
                                self.write("huge/bomb_20000.png", png_flat(20000, 20000)),
                                "valid 20000x20000 grey PNG, ~400 KB (png_flat)", ["rss_1g"])
        # 16000x16000 video in a small file: one PNG frame in Matroska (stream copy, so it is quick to make)
        frame = self.write("huge/flat_16000.png", png_flat(16000, 16000, 2, 128))
        mkv = self.p("huge/png_16000sq.mkv")
        ffmpeg("-framerate", "1", "-i", frame, "-c:v", "copy", mkv)
        self.add("huge declared size", "png_in_mkv_16000sq", "analyze", mkv,
                 "one flat 16000x16000 PNG frame stream-copied into Matroska", ["rss_1g"])
        if not self.quick:
            mj = self.p("huge/mjpeg_16000sq.avi")
            ffmpeg("-f", "lavfi", "-i", "color=c=gray:size=16000x16000:rate=1", "-frames:v", "1", "-c:v", "mjpeg",
                   "-pix_fmt", "yuvj420p", "-q:v", "31", mj)
            self.add("huge declared size", "mjpeg_16000sq", "analyze", mj, "MJPEG AVI, one flat 16000x16000 frame",
                     ["rss_1g"])

    def aspect(self):
        for w, h in ((1, 4000), (4000, 1)):
            path = self.write(f"aspect/strip_{w}x{h}.png", png_flat(w, h, 2, 90))
            self.image_entry_points("extreme aspect ratio", f"png_{w}x{h}", path, f"flat {w}x{h} RGB PNG",
                                    ["rss_1g"], kinds=None if not self.quick or w == 1 else ("verify-document",))
        for w, h in ((2, 4000), (4000, 2)):
            path = self.p(f"aspect/video_{w}x{h}.mp4")
            ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={w}x{h}:rate=5", "-t", "2", "-c:v", "libx264",
                   "-pix_fmt", "yuv420p", path)
            self.add("extreme aspect ratio", f"video_{w}x{h}", "analyze", path, f"2 s testsrc2 {w}x{h} H.264",
                     ["rss_1g"])

    def tiny(self):
        sizes = [("1x1", "yuv444p"), ("2x2", "yuv420p")] + ([] if self.quick else [("16x16", "yuv420p"), ("2x2", "yuv444p")])
        for size, pix in sizes:
            path = self.p(f"tiny/{size}_{pix}.mp4")
            w, h = (int(x) for x in size.split("x"))
            still = self.write(f"tiny/{size}.png", png_flat(w, h, 2, 200))  # lavfi refuses 1x1
            ffmpeg("-loop", "1", "-framerate", "5", "-i", still, "-t", "2", "-c:v", "libx264", "-pix_fmt", pix, path)
            self.add("tiny sizes", f"{size}_{pix}", "analyze", path, f"2 s flat {size} H.264 {pix}")

    def rotations(self):
        angles = [0, 1, 45, 90, 270] if self.quick else [0, 1, 45, 90, 180, 270, -90, 359]
        # For a multiple of 90 the stored pixels are turned the other way first, so that the picture a
        # player shows (ffmpeg's own autorotation) is upright, as in a phone recording; other angles are
        # stored upright (players, ffmpeg included, ignore them).
        pre = {90: "transpose=1", 270: "transpose=2", -90: "transpose=2", 180: "hflip,vflip"}
        for a in angles:
            path = self.p(f"rotate/v04_rotate_{a}.mp4")
            src = self.base["mp4_faststart"]
            how = f"v04 3 s stream-copied with -metadata:s:v rotate={a}"
            if a in pre:
                src = self.p(f"rotate/v04_pixels_{a}.mp4")
                ffmpeg("-i", self.base["mp4_faststart"], "-vf", pre[a], "-c:v", "libx264", "-preset", "veryfast",
                       "-pix_fmt", "yuv420p", src)
                how = f"v04 3 s with its pixels turned by -vf {pre[a]}, then stream-copied with -metadata:s:v " \
                      f"rotate={a} (displayed upright by ffmpeg)"
            ffmpeg("-i", src, "-c", "copy", "-metadata:s:v", f"rotate={a}", path)
            checks = ["face_present"] + (["report"] if a % 90 == 0 else [])
            self.add("odd rotations", f"rotate_{a}", "analyze", path, how, checks)

    def portrait(self):
        sizes = ["360x640", "426x240", "540x960", "1080x1920"] + ([] if self.quick else ["1278x720", "854x480"])
        for s in sizes:
            w, h = s.split("x")
            path = self.p(f"portrait/v04_{s}.mp4")
            ffmpeg("-i", self.base["mp4_faststart"], "-vf", f"scale={w}:{h}", "-c:v", "libx264", "-preset", "veryfast",
                   "-pix_fmt", "yuv420p", path)
            self.add("phone and odd sizes", f"v04_{s}", "analyze", path, f"v04 3 s scaled to {s} (H.264)", ["report"])
        if not self.quick:
            for s in ("360x640", "426x240"):
                w, h = s.split("x")
                path = self.p(f"portrait/v04_{s}.webm")
                ffmpeg("-i", self.base["mp4_faststart"], "-vf", f"scale={w}:{h}", "-c:v", "libvpx", "-deadline",
                       "realtime", "-cpu-used", "8", path)
                self.add("phone and odd sizes", f"v04_{s}_webm", "analyze", path, f"v04 3 s scaled to {s} (VP8 WebM)",
                         ["report"])

    def truncated_jpeg(self):
        data = open(self.face_jpg, "rb").read()
        fracs = [0.5, 0.9] if self.quick else [0.25, 0.5, 0.75, 0.9, 0.99]
        for f in fracs:
            n = int(len(data) * f)
            path = self.write(f"truncjpeg/b01_{int(f * 100)}pct.jpg", data[:n])
            kinds = ("verify-document", "verify-face", "verify-selfie") + (() if self.quick else ("reference-face",))
            self.image_entry_points("truncated JPEG", f"b01_{int(f * 100)}pct", path,
                                    f"first {n} of {len(data)} bytes of b01_oneface_obama.jpg", ["refuse"],
                                    kinds=kinds)

    def filesystem(self):
        fs = os.path.dirname(self.p("fs", "x"))
        t = 20.0  # a refusal is instant; anything that waits this long is blocked
        fifo = os.path.join(fs, "fifo.mp4")
        os.mkfifo(fifo)
        self.add("filesystem", "fifo.mp4", "analyze", fifo, "mkfifo fifo.mp4 (no writer)",
                 ["says:fifo|named pipe|pipe", "not_nosuch"], t)
        fifo_j = os.path.join(fs, "fifo.jpg")
        os.mkfifo(fifo_j)
        self.image_entry_points("filesystem", "fifo.jpg", fifo_j, "mkfifo fifo.jpg (no writer)",
                                ["says:fifo|named pipe|pipe", "not_nosuch"], t,
                                kinds=("verify-document", "reference-face") if self.quick else None)
        a, b = os.path.join(fs, "loop_a.mp4"), os.path.join(fs, "loop_b.mp4")
        os.symlink("loop_b.mp4", a)
        os.symlink("loop_a.mp4", b)
        self.add("filesystem", "loop_a.mp4", "analyze", a, "symlink loop: loop_a.mp4 -> loop_b.mp4 -> loop_a.mp4",
                 ["says:loop|symbolic link", "not_nosuch"], t)
        selfloop = os.path.join(fs, "self.jpg")
        os.symlink("self.jpg", selfloop)
        self.image_entry_points("filesystem", "self.jpg", selfloop, "symlink to itself: self.jpg -> self.jpg",
                                ["says:loop|symbolic link", "not_nosuch"], t,
                                kinds=("verify-face",) if self.quick else None)
        dangling = os.path.join(fs, "dangling.mp4")
        os.symlink("does-not-exist.mp4", dangling)
        self.add("filesystem", "dangling.mp4", "analyze", dangling, "symlink to a missing file", [], t)
        for dev in ("zero", "urandom"):
            link = os.path.join(fs, f"dev_{dev}.mp4")
            os.symlink(f"/dev/{dev}", link)
            self.add("filesystem", f"dev_{dev}.mp4", "analyze", link, f"symlink to /dev/{dev}",
                     ["says:device", "not_nosuch"], t)
            linkj = os.path.join(fs, f"dev_{dev}.jpg")
            os.symlink(f"/dev/{dev}", linkj)
            self.image_entry_points("filesystem", f"dev_{dev}.jpg", linkj, f"symlink to /dev/{dev}",
                                    ["says:device", "not_nosuch"], t,
                                    kinds=("verify-document",) if self.quick else None)
        dirmp4 = os.path.join(fs, "dir.mp4")
        os.mkdir(dirmp4)
        self.add("filesystem", "dir.mp4", "analyze", dirmp4, "a directory named dir.mp4", [], t)
        if not self.quick:
            dirjpg = os.path.join(fs, "dir.jpg")
            os.mkdir(dirjpg)
            self.image_entry_points("filesystem", "dir.jpg", dirjpg, "a directory named dir.jpg", [], t)

    def batch(self):
        runs = 1 if self.quick else 2
        d = self.p("batch", "in", "x")
        folder = os.path.dirname(d)
        files = {}
        copies = {
            "good_v01.mp4": self.base["v01"],
            "c.mp4": self.base["mp4_faststart"],
            "good_v05.mkv": self.base["v05"],
            "sub/..mp4": self.base["mp4_faststart"],
            ".hidden.mp4": self.base["mp4_faststart"],
            ("n" * 236) + ".mp4": self.base["mp4_faststart"],
        }
        for rel, src in copies.items():
            dst = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            files[rel] = "good"
        portrait = os.path.join(folder, "portrait_360x640.mp4")
        ffmpeg("-i", self.base["mp4_faststart"], "-vf", "scale=360:640", "-c:v", "libx264", "-preset", "veryfast",
               "-pix_fmt", "yuv420p", portrait)
        files["portrait_360x640.mp4"] = "360x640"
        data = open(self.base["mp4_moov_end"], "rb").read()
        with open(os.path.join(folder, "broken_truncated.mp4"), "wb") as f:
            f.write(data[: len(data) // 2])
        files["broken_truncated.mp4"] = "broken"
        with open(os.path.join(folder, "broken_text.mp4"), "w") as f:
            f.write("not a video\n")
        files["broken_text.mp4"] = "broken"
        open(os.path.join(folder, "broken_empty.webm"), "wb").close()
        files["broken_empty.webm"] = "broken"
        os.mkfifo(os.path.join(folder, "b.mp4"))
        files["b.mp4"] = "fifo"
        how = ("folder of " + ", ".join(sorted(files)) + " (good: 3 s cuts of v01/v04/v05; broken: half of a "
               "moov-at-end mp4, text, empty; b.mp4 is a FIFO)")
        for i in range(runs):
            self.add("batch", f"batch_run{i + 1}", "batch", folder, how, [], 150.0,
                     expected_rows=[os.path.join(folder, r) for r in sorted(files)])

    def build(self):
        self.make_bases()
        for fam in (self.truncations, self.corruption, self.junk, self.huge, self.aspect, self.tiny,
                    self.rotations, self.portrait, self.truncated_jpeg, self.filesystem, self.batch):
            fam()
        return self.cases


FAMILY_NOTES = {
    "truncations": "A 3 s cut of v04 as mp4 with the index first (faststart), mp4 with the index at the end, "
                   "Matroska and WebM, cut at several offsets. Expected: a one-line error naming the file, or a "
                   "report (marked `partial` when frames are missing). A crash or hang here means a recording "
                   "interrupted by a network drop or a full disk can take the tool down.",
    "corruption": "The same clips with bit flips in the header, random bytes in the body, a zeroed or randomised "
                  "64 KB block and spliced halves. Expected: error or (partial) report. A failure means a damaged "
                  "upload crashes or hangs the analysis.",
    "junk": "Random bytes, text, HTML, empty files and lone container magic named as videos, and a JPEG/PNG "
            "renamed. Expected: a clear one-line error (a still may be analysed as a one-frame video). A failure "
            "means anything a user drops in the folder can crash the tool or produce a confusing message.",
    "huge declared size": "Pictures whose headers declare enormous sizes (PNG IHDR (2^32-1)^2 and 0xC0000000^2, JPEG "
                          "SOF 65535^2, a valid 20000^2 PNG bomb of ~400 KB) through `verify-id` and "
                          "`--reference-face`, and a 16000^2 video in a small file. Expected: refused or handled "
                          "with peak RSS under 1 GB. A failure means a tiny file can exhaust memory or crash the "
                          "tool (integer overflow).",
    "extreme aspect ratio": "1x4000 and 4000x1 PNG strips (images) and 2x4000 / 4000x2 videos. Expected: peak RSS "
                            "under 1 GB. A failure means a 100-byte file makes the tool allocate gigabytes.",
    "tiny sizes": "1x1 and 2x2 videos. Expected: a report or a clear error. A crash here is memory corruption "
                  "on small frames.",
    "odd rotations": "v04 (a face in every frame) with display-matrix rotations 0, 1, 45, 90, 270 (and 180, -90, "
                     "359 in the full run); for multiples of 90 the stored pixels are turned so that the displayed "
                     "picture is upright, as in a phone recording. Expected: a report whose `no_face` share is "
                     "below 100 % (multiples of 90 must be analysed; other angles may be refused with a clear "
                     "error). A failure means a rotation flag produces false `no_face_detected` alerts against a "
                     "candidate.",
    "phone and odd sizes": "v04 scaled to portrait-phone and other common sizes (360x640, 426x240, 540x960, "
                           "1080x1920, and 1278x720 / 854x480 / WebM in the full run). Expected: a report. A crash "
                           "here is the frame-conversion heap overflow: ordinary phone recordings abort the tool.",
    "truncated JPEG": "b01 cut to 50 % and 90 % of its bytes (more in the full run) as `verify-id --document` and "
                      "`--face` (and `--reference-face` in the full run). Expected: refused with a clear error. "
                      "A verdict means an identity decision taken on a picture libjpeg filled with grey.",
    "filesystem": "A FIFO named x.mp4 / x.jpg, symlink loops, a dangling link, links to /dev/zero and /dev/urandom, "
                  "a directory named x.mp4. Expected: an immediate one-line error; for a FIFO, a device and a loop it "
                  "must say what the path is (FIFO or pipe, device, loop or symbolic link), never 'no such file' "
                  "or 'permission'. A hang means one stray "
                  "FIFO blocks a nightly batch forever.",
    "batch": "`analyze DIR --out OUT --jobs 2` over good clips, broken files, a 360x640 clip, a FIFO `b.mp4`, "
             "`sub/..mp4`, `.hidden.mp4` and a 240-character name. Expected: the batch finishes, exits 3, and "
             "every recording has a row in `summary.csv` (analysed or failed with a reason). 'Data lost' counts "
             "recordings with no row: a reviewer would never learn they were not analysed.",
}
