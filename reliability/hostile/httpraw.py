"""A deliberately low-level HTTP/1.1 and WebSocket client over plain sockets.

http.client refuses or rewrites much of what the probes must send (NUL, raw UTF-8, doubled headers,
CONNECT, malformed framing), so every request is built byte for byte here. `exchange` sends bytes and
reports what the server did: answered (status), closed without an answer, or neither before the
deadline (held: the 'hung' outcome).
"""

import base64
import os
import socket
import struct
import time
from dataclasses import dataclass


@dataclass
class Exchange:
    status: int | None  # status code of the first response line, if any
    head: bytes
    body: bytes
    closed: bool  # the server closed (EOF or reset)
    held: bool  # nothing decisive before the deadline
    error: str
    elapsed: float

    @property
    def answered(self):
        return self.status is not None

    def json(self):
        import json

        return json.loads(self.body)

    def describe(self):
        if self.status is not None:
            return f"HTTP {self.status}"
        if self.held:
            return f"no answer and not closed after {self.elapsed:.1f} s"
        return f"closed without an answer after {self.elapsed:.1f} s ({self.error or 'EOF'})"


def build(method, path, headers=(), body=None, host="127.0.0.1", close=True):
    """Request bytes; path and header values may be str (UTF-8) or bytes, sent as given."""
    def b(x):
        return x if isinstance(x, bytes) else str(x).encode("utf-8")

    lines = [b(method) + b" " + b(path) + b" HTTP/1.1", b"Host: " + b(host)]
    names = {b(k).lower() for k, _ in headers}
    for k, v in headers:
        lines.append(b(k) + b": " + b(v))
    if body is not None and b"content-length" not in names and b"transfer-encoding" not in names:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    if close and b"connection" not in names:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def _parse_head(buf):
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None, None, None
    head = buf[:end]
    first = head.split(b"\r\n", 1)[0].split(b" ")
    status = None
    if len(first) >= 2 and first[0].startswith(b"HTTP/") and first[1].isdigit():
        status = int(first[1])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length" and v.strip().isdigit():
            length = int(v.strip())
        if k.strip().lower() == b"transfer-encoding" and b"chunked" in v.lower():
            chunked = True
    return status, end + 4, (length, chunked)


def exchange(port, data, timeout, send_chunks=None, read_limit=64 << 20, host="127.0.0.1", stop_after_head=False):
    """Send `data` (or the (bytes, delay) list `send_chunks`), then read until the response is complete,
    the server closes, or `timeout` seconds pass since the connection was opened."""
    t0 = time.monotonic()
    deadline = t0 + timeout
    buf = b""
    closed = False
    err = ""
    try:
        s = socket.create_connection((host, port), timeout=min(timeout, 10))
    except OSError as e:
        return Exchange(None, b"", b"", True, False, f"connect: {e}", time.monotonic() - t0)
    try:
        try:
            if send_chunks is None:
                s.sendall(data)
            else:
                for chunk, delay in send_chunks:
                    if chunk:
                        s.sendall(chunk)
                    if delay:
                        time.sleep(delay)
                    if time.monotonic() > deadline:
                        break
        except (BrokenPipeError, ConnectionResetError) as e:
            err = f"send: {e.__class__.__name__}"
            closed = True
        except OSError as e:
            err = f"send: {e}"
            closed = True
        status = None
        while time.monotonic() < deadline and len(buf) < read_limit:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except (ConnectionResetError, BrokenPipeError) as e:
                err = err or f"recv: {e.__class__.__name__}"
                closed = True
                break
            except OSError as e:
                err = err or f"recv: {e}"
                closed = True
                break
            if not chunk:
                closed = True
                break
            buf += chunk
            status, body_at, (length, chunked) = _parse_head(buf) if b"\r\n\r\n" in buf else (None, None, (None, False))
            if status is not None:
                if stop_after_head or status == 101:
                    break
                if length is not None and len(buf) - body_at >= length:
                    break
                if chunked and buf.endswith(b"0\r\n\r\n"):
                    break
        status, body_at, _ = _parse_head(buf) if b"\r\n\r\n" in buf else (None, None, None)
        if status is None and buf.startswith(b"HTTP/"):
            parts = buf.split(b" ", 2)
            if len(parts) > 1 and parts[1].isdigit():
                status = int(parts[1])
        held = status is None and not closed
        head = buf[:body_at] if body_at else buf
        body = buf[body_at:] if body_at else b""
        return Exchange(status, head, body, closed, held, err, time.monotonic() - t0)
    finally:
        s.close()


def request(port, method, path, headers=(), body=None, timeout=60.0, **kw):
    return exchange(port, build(method, path, headers, body), timeout, **kw)


# --- WebSocket (RFC 6455), just enough for the probes --------------------------------------------

def ws_headers(extra=()):
    key = base64.b64encode(os.urandom(16)).decode()
    return [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"), *extra]


def ws_frame(payload, opcode=2):
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))


def ws_send_and_read(port, path, headers, payload, timeout, opcode=2):
    """Upgrade, send one message, read one message back.
    Returns (upgrade_status, message bytes or None, closed, elapsed)."""
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(build("GET", path, ws_headers(headers), close=False))
        buf = b""
        while b"\r\n\r\n" not in buf:
            c = s.recv(4096)
            if not c:
                return None, None, True, time.monotonic() - t0
            buf += c
        status, body_at, _ = _parse_head(buf)
        if status != 101:
            return status, None, False, time.monotonic() - t0
        rest = buf[body_at:]
        s.sendall(ws_frame(payload, opcode))

        def need(n):
            nonlocal rest
            while len(rest) < n:
                c = s.recv(65536)
                if not c:
                    raise ConnectionError("closed")
                rest += c
            out, rest = rest[:n], rest[n:]
            return out

        try:
            b0, b1 = need(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", need(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", need(8))[0]
            msg = need(n)
            if b0 & 0x0F == 8:  # close frame
                return 101, b"<close " + msg[:2].hex().encode() + b">" + msg[2:], True, time.monotonic() - t0
            return 101, msg, False, time.monotonic() - t0
        except (ConnectionError, OSError):
            return 101, None, True, time.monotonic() - t0
    except socket.timeout:
        return None, None, False, time.monotonic() - t0
    except OSError:
        return None, None, True, time.monotonic() - t0
    finally:
        s.close()
