#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus into reliability/fuzz/corpus/<target>/ (committed; run.sh never changes it).

Every seed is made here from nothing: pictures are drawn in Python, PNG and BMP files are encoded by hand (zlib,
struct), JPEGs come from cjpeg/wrjpgcom (Debian's libjpeg-turbo-progs) and WebPs from ffmpeg's libwebp encoder.
Seeds whose tool is missing are skipped with a note, so the script runs anywhere; the committed corpus was made with
both tools. The output is deterministic: re-running it rewrites the same bytes (the tools' versions aside).

Files named regress-* are reproducers of fixed bugs, added by hand (minimised with libFuzzer's -minimize_crash=1):
they are kept as they are, every other file the script does not make is deleted.

Usage: python3 reliability/fuzz/make_seeds.py [--out DIR]   (DIR defaults to the corpus folder beside this script)
"""
import argparse
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# ---- Pictures -------------------------------------------------------------------------------------------------------

def picture(width, height, channels=3):
    """Rows of bytes: a diagonal gradient with a bright square and a dark stripe, so codecs have edges to encode."""
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            base = (x * 255 // max(1, width - 1) + y * 128 // max(1, height - 1)) % 256
            if width // 4 <= x < width // 2 and height // 4 <= y < height // 2:
                base = 250
            if x == width - 2:
                base = 10
            pixel = [base, (base * 3 + 40) % 256, (255 - base) % 256, (base + 128) % 256][:channels]
            row += bytes(pixel)
        rows.append(bytes(row))
    return rows


def ppm(width, height, grey=False):
    rows = picture(width, height, 1 if grey else 3)
    magic = b"P5" if grey else b"P6"
    return magic + b"\n%d %d\n255\n" % (width, height) + b"".join(rows)


# ---- PNG ------------------------------------------------------------------------------------------------------------

def chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def png(width, height, rows, colour_type, depth=8, interlace=0, extra=b"", idat_split=1, palette=None):
    """`rows` are unfiltered scanlines; each gets a filter byte (cycling 0-4 so every filter is exercised)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace)
    raw = b"".join(bytes([index % 5]) + filtered(row, index % 5, rows[index - 1] if index else None,
                                                 bytes_per_pixel(colour_type, depth))
                   for index, row in enumerate(rows))
    data = zlib.compress(raw, 9)
    step = max(1, -(-len(data) // idat_split))
    idats = b"".join(chunk(b"IDAT", data[i:i + step]) for i in range(0, len(data), step))
    plte = chunk(b"PLTE", palette) if palette else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + plte + extra + idats + chunk(b"IEND", b"")


def bytes_per_pixel(colour_type, depth):
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    return max(1, samples * depth // 8)


def filtered(row, kind, previous, bpp):
    previous = previous if previous is not None and len(previous) == len(row) else bytes(len(row))
    out = bytearray()
    for i, value in enumerate(row):
        left = row[i - bpp] if i >= bpp else 0
        up = previous[i]
        upper_left = previous[i - bpp] if i >= bpp else 0
        if kind == 0:
            predictor = 0
        elif kind == 1:
            predictor = left
        elif kind == 2:
            predictor = up
        elif kind == 3:
            predictor = (left + up) // 2
        else:
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
        out.append((value - predictor) % 256)
    return bytes(out)


def adam7_rows(width, height, channels):
    """Scanlines of the seven Adam7 passes, concatenated (each pass restarts filtering, as the spec says)."""
    full = picture(width, height, channels)
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    out = b""
    for x0, y0, dx, dy in passes:
        columns = range(x0, width, dx)
        if not columns:
            continue
        lines = [b"".join(full[y][x * channels:(x + 1) * channels] for x in columns) for y in range(y0, height, dy)]
        out += b"".join(b"\x00" + line for line in lines)
    return out


def png_interlaced(width, height):
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    data = zlib.compress(adam7_rows(width, height, 3), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def pack_bits(values, depth):
    out, accumulator, filled = bytearray(), 0, 0
    for value in values:
        accumulator = accumulator << depth | value
        filled += depth
        if filled == 8:
            out.append(accumulator)
            accumulator, filled = 0, 0
    if filled:
        out.append(accumulator << (8 - filled))
    return bytes(out)


def png_seeds():
    seeds = {}
    seeds["png_rgb_8x8.png"] = png(8, 8, picture(8, 8, 3), 2)
    seeds["png_grey_5x3.png"] = png(5, 3, picture(5, 3, 1), 0)
    seeds["png_grey_alpha_4x4.png"] = png(4, 4, picture(4, 4, 2), 4)
    seeds["png_rgba_7x5.png"] = png(7, 5, picture(7, 5, 4), 6)
    grey = picture(6, 6, 1)
    seeds["png_rgb16_6x6.png"] = png(6, 6, [bytes(b for v in row for b in (v, v, 255 - v, v // 2, v, 7))
                                            for row in grey], 2, depth=16)
    seeds["png_grey1bit_10x3.png"] = png(10, 3, [pack_bits([v >> 7 for v in row], 1) for row in picture(10, 3, 1)], 0,
                                         depth=1)
    palette = bytes(range(0, 48))
    seeds["png_palette4bit_9x4.png"] = png(9, 4, [pack_bits([v % 16 for v in row], 4) for row in picture(9, 4, 1)], 3,
                                           depth=4, palette=palette, extra=chunk(b"tRNS", bytes([0, 128, 255])))
    seeds["png_interlaced_9x9.png"] = png_interlaced(9, 9)
    seeds["png_text_idat3_12x4.png"] = png(12, 4, picture(12, 4, 3), 2, idat_split=3,
                                           extra=chunk(b"tEXt", b"Comment\x00fuzz seed") + chunk(b"gAMA", b"\x00\x00\xb1\x8f"))
    seeds["png_wide_600x1.png"] = png(600, 1, picture(600, 1, 3), 2)
    seeds["png_tall_1x600.png"] = png(1, 600, picture(1, 600, 1), 0)
    whole = png(16, 16, picture(16, 16, 3), 2)
    seeds["png_truncated_no_iend.png"] = whole[:-12]
    seeds["png_truncated_mid_idat.png"] = whole[:len(whole) // 2]
    seeds["png_huge_declared.png"] = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 0x7FFFFFFF, 0x7FFFFFFF,
                                                                                      8, 2, 0, 0, 0)) + chunk(b"IEND", b"")
    return seeds


# ---- BMP ------------------------------------------------------------------------------------------------------------

def bmp(width, height, bits, pixel_rows, palette=b"", compression=0, header_size=40, top_down=False, masks=b"",
        file_size=None):
    pixels = b"".join(pixel_rows)
    offset = 14 + header_size + len(masks) + len(palette)
    info = struct.pack("<IiiHHIIiiII", header_size, width, -height if top_down else height, 1, bits, compression,
                       len(pixels), 2835, 2835, len(palette) // 4, 0)
    info += masks if header_size > 40 else b""
    info = info.ljust(header_size, b"\x00")
    total = offset + len(pixels) if file_size is None else file_size
    extra_masks = masks if header_size == 40 else b""
    return b"BM" + struct.pack("<IHHI", total, 0, 0, offset) + info + extra_masks + palette + pixels


def padded(row):
    return row + b"\x00" * (-len(row) % 4)


def rle8(width, rows):
    out = b""
    for row in rows:
        x = 0
        while x < width:
            run = 1
            while x + run < width and run < 255 and row[x + run] == row[x]:
                run += 1
            out += bytes([run, row[x]])
            x += run
        out += b"\x00\x00"
    return out + b"\x00\x01"


def bmp_seeds():
    seeds = {}
    rgb = picture(5, 3, 3)
    bgr = [bytes(b for i in range(0, len(r), 3) for b in (r[i + 2], r[i + 1], r[i])) for r in rgb]
    seeds["bmp_24bit_5x3.bmp"] = bmp(5, 3, 24, [padded(r) for r in reversed(bgr)])
    bgra = [bytes(b for i in range(0, len(r), 4) for b in (r[i + 2], r[i + 1], r[i], r[i + 3])) for r in picture(4, 4, 4)]
    seeds["bmp_32bit_topdown_4x4.bmp"] = bmp(4, 4, 32, bgra, top_down=True)
    grey = picture(7, 5, 1)
    palette = b"".join(bytes([v, v, v, 0]) for v in range(256))
    seeds["bmp_8bit_palette_7x5.bmp"] = bmp(7, 5, 8, [padded(r) for r in reversed(grey)], palette=palette)
    seeds["bmp_4bit_palette_9x3.bmp"] = bmp(9, 3, 4, [padded(pack_bits([v % 16 for v in r], 4)) for r in picture(9, 3, 1)],
                                            palette=palette[:64])
    seeds["bmp_1bit_13x2.bmp"] = bmp(13, 2, 1, [padded(pack_bits([v >> 7 for v in r], 1)) for r in picture(13, 2, 1)],
                                     palette=b"\x00\x00\x00\x00\xff\xff\xff\x00")
    runs = [bytes(v // 32 * 32 for v in r) for r in picture(12, 4, 1)]
    seeds["bmp_rle8_12x4.bmp"] = bmp(12, 4, 8, [rle8(12, runs)], palette=palette, compression=1)
    seeds["bmp_rle4_8x2.bmp"] = bmp(8, 2, 4, [b"\x04\x12\x04\x34\x00\x00\x08\x56\x00\x00\x00\x01"],
                                    palette=palette[:64], compression=2)
    rgb565 = [padded(b"".join(struct.pack("<H", (v >> 3) << 11 | (v >> 2) << 5 | v >> 3) for v in r))
              for r in picture(6, 3, 1)]
    seeds["bmp_v5_bitfields565_6x3.bmp"] = bmp(6, 3, 16, rgb565, compression=3, header_size=124,
                                               masks=struct.pack("<IIII", 0xF800, 0x07E0, 0x001F, 0))
    seeds["bmp_bitfields565_6x3.bmp"] = bmp(6, 3, 16, rgb565, compression=3,
                                            masks=struct.pack("<III", 0xF800, 0x07E0, 0x001F))
    seeds["bmp_filesize0_truncated.bmp"] = bmp(64, 64, 24, [padded(bytes(192))] * 2, file_size=0)
    whole = seeds["bmp_24bit_5x3.bmp"]
    seeds["bmp_truncated.bmp"] = whole[:len(whole) - 7]
    return seeds


# ---- JPEG and WebP (external tools) ---------------------------------------------------------------------------------

def run(command, stdin=None):
    return subprocess.run(command, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout


def exif_orientation(value):
    """An APP1 Exif segment holding only the orientation tag."""
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, value, 0)
    tiff += struct.pack("<I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_seeds(notes):
    if not all(shutil.which(tool) for tool in ("cjpeg", "wrjpgcom")):
        notes.append("cjpeg/wrjpgcom missing (apt-get install libjpeg-turbo-progs): JPEG seeds skipped")
        return {}
    seeds = {}
    colour = ppm(16, 16)
    seeds["jpeg_420_16x16.jpg"] = run(["cjpeg", "-quality", "80"], colour)
    seeds["jpeg_grey_8x8.jpg"] = run(["cjpeg", "-grayscale"], ppm(8, 8, grey=True))
    seeds["jpeg_444_13x7.jpg"] = run(["cjpeg", "-sample", "1x1", "-quality", "95"], ppm(13, 7))
    seeds["jpeg_422_24x9.jpg"] = run(["cjpeg", "-sample", "2x1"], ppm(24, 9))
    seeds["jpeg_progressive_32x24.jpg"] = run(["cjpeg", "-progressive", "-quality", "70"], ppm(32, 24))
    seeds["jpeg_restart_every_block_24x16.jpg"] = run(["cjpeg", "-restart", "1B"], ppm(24, 16))
    seeds["jpeg_arithmetic_16x16.jpg"] = run(["cjpeg", "-arithmetic"], colour)
    seeds["jpeg_optimized_comment_20x20.jpg"] = run(["wrjpgcom", "-comment", "fuzz seed"],
                                                    run(["cjpeg", "-optimize"], ppm(20, 20)))
    seeds["jpeg_progressive_arith_17x9.jpg"] = run(["cjpeg", "-progressive", "-arithmetic"], ppm(17, 9))
    base = run(["cjpeg", "-quality", "60"], ppm(12, 8))
    for orientation in (3, 6, 8):
        seeds["jpeg_exif_orientation%d_12x8.jpg" % orientation] = base[:2] + exif_orientation(orientation) + base[2:]
    seeds["jpeg_fill_bytes.jpg"] = base[:2] + b"\xff\xff\xff" + base[3:]
    seeds["jpeg_truncated_half.jpg"] = seeds["jpeg_420_16x16.jpg"][:len(seeds["jpeg_420_16x16.jpg"]) // 2]
    seeds["jpeg_no_eoi.jpg"] = seeds["jpeg_grey_8x8.jpg"][:-2]
    seeds["jpeg_trailing_garbage.jpg"] = seeds["jpeg_grey_8x8.jpg"] + b"\x00garbage after EOI"
    return seeds


def webp_seeds(notes):
    if not shutil.which("ffmpeg"):
        notes.append("ffmpeg missing: WebP seeds skipped")
        return {}
    seeds = {}
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "in.ppm")
        with open(source, "wb") as handle:
            handle.write(ppm(16, 12))
        for name, options in [("webp_lossy_16x12.webp", ["-quality", "60"]),
                              ("webp_lossless_16x12.webp", ["-lossless", "1"]),
                              ("webp_alpha_16x12.webp", ["-pix_fmt", "yuva420p", "-quality", "60"])]:
            target = os.path.join(work, name)
            run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", source, "-c:v", "libwebp", *options, target])
            with open(target, "rb") as handle:
                seeds[name] = handle.read()
    lossy = seeds["webp_lossy_16x12.webp"]
    seeds["webp_truncated.webp"] = lossy[:len(lossy) - 9]
    return seeds


# ---- Multipart, base64 and JSON, config -----------------------------------------------------------------------------

def multipart_seeds(images):
    jpeg = images.get("jpeg_grey_8x8.jpg", b"\xff\xd8\xff\xd9")
    text64 = base64.b64encode(jpeg)
    crlf = b"\r\n"

    def form(line, boundary, parts, preamble=b"", epilogue=b"", newline=crlf):
        body = preamble
        for headers, payload in parts:
            body += b"--" + boundary + newline + newline.join(headers) + newline + newline + payload + newline
        return line + b"\n" + body + b"--" + boundary + b"--" + newline + epilogue

    file_part = ([b'Content-Disposition: form-data; name="frame"; filename="f.jpg"', b"Content-Type: image/jpeg"], jpeg)
    seeds = {
        "file_part.txt": form(b"multipart/form-data; boundary=XyZ123", b"XyZ123", [file_part]),
        "text_part_base64.txt": form(b"multipart/form-data; boundary=----b", b"----b",
                                     [([b'Content-Disposition: form-data; name="frame"'], text64)]),
        "text_part_data_url.txt": form(b"boundary=abc", b"abc",
                                       [([b"content-disposition: form-data; name=frame"],
                                         b"data:image/jpeg;base64," + text64)]),
        "two_parts_document_face.txt": form(
            b'multipart/form-data; charset=utf-8; boundary="quoted boundary"', b"quoted boundary",
            [([b'Content-Disposition: form-data; name="document"; filename="d.jpg"', b"Content-Type: image/jpeg"], jpeg),
             ([b'Content-Disposition: form-data; name="face"', b"Content-Type: image/png"], b"\x89PNG\r\n\x1a\n")],
            preamble=b"This is the preamble.\r\n", epilogue=b"epilogue"),
        "bare_boundary_line.txt": form(b"sep", b"sep", [([b'Content-Disposition: form-data; name="a"'], b"1"),
                                                         ([b'Content-Disposition: form-data; name="b"'], b"--sep in body")]),
        "lf_only.txt": form(b"boundary=lf", b"lf", [([b'Content-Disposition: form-data; name="frame"'], b"QUJD")],
                            newline=b"\n"),
        "no_name_and_empty.txt": form(b"boundary=e", b"e",
                                      [([b"Content-Disposition: form-data"], b"x"),
                                       ([b'Content-Disposition: form-data; name=""'], b""),
                                       ([b"Content-Type: text/plain"], b"y")]),
        "boundary_70.txt": form(b"boundary=" + b"b" * 70, b"b" * 70, [file_part]),
        "unterminated.txt": b"boundary=u\n--u\r\nContent-Disposition: form-data; name=\"frame\"\r\n\r\nQUJD",
        "empty_body.txt": b"boundary=x\n",
    }
    return seeds


def base64_seeds(images):
    jpeg = images.get("jpeg_grey_8x8.jpg", b"\xff\xd8\xff\xd9")
    png = images.get("png_rgb_8x8.png", b"\x89PNG\r\n\x1a\n")
    b64 = base64.b64encode(jpeg)
    urlsafe = base64.urlsafe_b64encode(png).rstrip(b"=")

    def nested(depth):
        text = b"0"
        for level in range(depth):
            text = b"[" + text + b"]" if level % 2 else b'{"k":' + text + b"}"
        return text

    return {
        "data_url_jpeg.txt": b"data:image/jpeg;base64," + b64,
        "data_url_png_upper.txt": b"DATA:IMAGE/PNG;BASE64," + base64.b64encode(png),
        "data_url_empty_mime.txt": b"data:;base64,QUJD",
        "data_url_gif.txt": b"data:image/gif;base64,R0lGODlh",
        "data_url_not_base64.txt": b"data:image/png,abc",
        "data_url_no_comma.txt": b"data:image/png;base64",
        "bare_base64.txt": b64,
        "urlsafe_unpadded.txt": urlsafe,
        "wrapped_with_whitespace.txt": b"  \n" + b"\r\n".join(b64[i:i + 20] for i in range(0, len(b64), 20)) + b"\t\n",
        "not_base64.txt": b"%%%not*base64",
        "json_frame.json": json.dumps({"frame": "data:image/png;base64," + base64.b64encode(png).decode()}).encode(),
        "json_strings_with_brackets.json": br'{"a":"[[{{\"]]}}\\","b":[1,{"c":"\\\\"}],"d":"\u005b"}',
        "json_depth_32.json": nested(32),
        "json_depth_33.json": nested(33),
        "json_deep_400.json": b"[" * 400 + b"]" * 400,
        "json_scalars.json": b'[true,false,null,-1.5e3,"x\\u00e9"]',
        "json_fragment_string.json": b'"just a string"',
        "json_utf8_bom.json": b"\xef\xbb\xbf" + nested(3),
        "json_utf16le_bom.json": b"\xff\xfe" + json.dumps({"job": ["caf\u00e9", [1, {"a": []}]]},
                                                             ensure_ascii=False).encode("utf-16-le"),
        "json_utf16be.json": json.dumps([{"a": "\u00fc"}], ensure_ascii=False).encode("utf-16-be"),
        "json_utf32le.json": json.dumps({"b": [["x"]]}).encode("utf-32-le"),
        "json_unbalanced.json": b'{"a":[1,2}',
    }


def config_seeds():
    with open(os.path.join(ROOT, "samples", "proctor-config.json"), "rb") as handle:
        sample = handle.read()
    return {
        "sample_full.json": sample,
        "empty_object.json": b"{}",
        "partial.json": b'{"min_brightness": 10, "max_brightness": 250, "expressions": false}',
        "identity_threshold.json": b'{"identity_distance_threshold": 0.55, "face_mismatch_min_frames": 2}',
        "dictionaries.json": json.dumps({"suspicious_objects": {"cell phone": 0.1, "remote": 1},
                                         "review_weights": {"looking_away": 2, "face_mismatch": 0},
                                         "review_severity_factors": {"critical": 3}}).encode(),
        "unknown_key.json": b'{"min_face_confidence": 0.5, "min_face_confidance": 0.5}',
        "wrong_type.json": b'{"baseline_frames": "five"}',
        "float_for_int.json": b'{"baseline_frames": 5.5, "merge_gap_frames": 1e2}',
        "invalid_range.json": b'{"min_brightness": 240, "max_brightness": 20}',
        "bad_alert_type.json": b'{"review_weights": {"no_such_alert": 1}}',
        "null_values.json": b'{"min_sharpness": null, "identity_distance_threshold": null}',
        "huge_numbers.json": b'{"review_high_score": 1e308, "low_engagement_below": -1e400, "baseline_frames": 99999999999999999999}',
        "camel_case_key.json": b'{"minFaceConfidence": 0.5}',
        "not_an_object.json": b"[1, 2, 3]",
        "duplicate_keys.json": b'{"min_face_width": 0.1, "min_face_width": 2}',
    }


# ---- Main -----------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "corpus"))
    out = parser.parse_args().out
    notes = []
    images = {}
    for part in (jpeg_seeds(notes), png_seeds(), webp_seeds(notes), bmp_seeds()):
        images.update(part)
    header_only = {
        "not_an_image.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "jpeg_sof_only.jpg": b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
        "webp_vp8x_header.webp": b"RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00\x0f\x00\x00\x0b\x00\x00",
    }
    corpora = {
        "image_header": {**images, **header_only},
        "image_decode": images,
        "multipart": multipart_seeds(images),
        "base64_image": base64_seeds(images),
        "config": config_seeds(),
    }
    total = 0
    for target, seeds in corpora.items():
        folder = os.path.join(out, target)
        os.makedirs(folder, exist_ok=True)
        for stale in os.listdir(folder):
            if stale not in seeds and not stale.startswith("regress-"):
                os.remove(os.path.join(folder, stale))
        for name, data in sorted(seeds.items()):
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
            total += len(data)
        print("%-13s %3d seeds, %6d bytes" % (target, len(seeds), sum(map(len, seeds.values()))))
    print("total %d bytes" % total)
    for note in notes:
        print("note:", note, file=sys.stderr)


if __name__ == "__main__":
    main()
