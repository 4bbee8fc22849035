"""Running processes under a time limit and a memory watchdog, and making sure none is left behind.

Every process the suite starts goes through `spawn`, which puts it in its own process group and
remembers it; `kill_all` (called from run.py's `finally`, from atexit and on SIGINT/SIGTERM) kills
whatever is still registered, so neither a hung `proctor analyze` nor a `proctor serve` survives
the suite.
"""

import atexit
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

POLL_S = 0.05  # /proc/PID/status every 50 ms

_live = {}  # pid -> Popen
_lock = threading.Lock()
stopping = threading.Event()  # set on Ctrl-C/SIGTERM: watched runs kill their child and return


def spawn(argv, **kw):
    """Popen in a new session (own process group), registered for cleanup."""
    kw.setdefault("start_new_session", True)
    p = subprocess.Popen(argv, **kw)
    with _lock:
        _live[p.pid] = p
    return p


def forget(p):
    with _lock:
        _live.pop(p.pid, None)


def kill_group(p, sig=signal.SIGKILL):
    """Kill the process group of p (its own session) and the process itself, unless p was reaped.

    Never through Popen.send_signal: it polls first, which would reap a child that run_watched
    waits for itself with wait4()."""
    if p.returncode is not None:
        return
    try:
        os.killpg(p.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.kill(p.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def kill_all():
    stopping.set()
    with _lock:
        procs = list(_live.values())
        _live.clear()
    for p in procs:
        kill_group(p)
        try:
            p.wait(timeout=5)
        except Exception:
            pass


atexit.register(kill_all)


def proc_status(pid):
    """VmRSS and VmHWM of a live process in kB (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = hwm = None
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
            return rss, hwm
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None, None


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, PermissionError):
        return None


@dataclass
class RunResult:
    argv: list
    returncode: int | None  # negative = killed by that signal (Popen convention)
    timed_out: bool
    rss_killed: bool
    peak_rss_kb: int
    elapsed: float
    stdout: bytes
    stderr: bytes

    @property
    def signal(self):
        return -self.returncode if self.returncode is not None and self.returncode < 0 else None


def run_watched(argv, timeout, rss_limit_kb, cwd=None, env=None, stdin=subprocess.DEVNULL, scratch=None):
    """Run argv to completion, SIGKILL it on timeout or when its RSS passes rss_limit_kb.

    stdout/stderr go to files (no pipe can fill up and stall the child); the peak RSS is the larger
    of the polled VmHWM/VmRSS and wait4()'s ru_maxrss.
    """
    import tempfile

    with tempfile.TemporaryFile(dir=scratch) as out, tempfile.TemporaryFile(dir=scratch) as err:
        t0 = time.monotonic()
        p = spawn(argv, cwd=cwd, env=env, stdin=stdin, stdout=out, stderr=err)
        peak = 0
        timed_out = rss_killed = False
        status = None
        ru_max = 0
        rc = None
        try:
            while True:
                try:
                    pid, st, ru = os.wait4(p.pid, os.WNOHANG)
                except ChildProcessError:  # reaped by kill_all (Ctrl-C): Popen has the status
                    rc = p.returncode if p.returncode is not None else -signal.SIGKILL
                    break
                if pid == p.pid:
                    status = st
                    ru_max = ru.ru_maxrss
                    break
                rss, hwm = proc_status(p.pid)
                peak = max(peak, rss or 0, hwm or 0)
                if rss_limit_kb and max(rss or 0, hwm or 0) > rss_limit_kb:
                    rss_killed = True
                    kill_group(p)
                elif time.monotonic() - t0 > timeout:
                    timed_out = True
                    kill_group(p)
                elif stopping.is_set():
                    kill_group(p)
                time.sleep(POLL_S)
        finally:
            if status is None and rc is None:  # interrupted: make sure it is gone
                kill_group(p)
                try:
                    os.wait4(p.pid, 0)
                except ChildProcessError:
                    pass
            forget(p)
        elapsed = time.monotonic() - t0
        if rc is None:
            rc = os.waitstatus_to_exitcode(status)
        p.returncode = rc
        out.seek(0)
        err.seek(0)
        return RunResult(argv, rc, timed_out, rss_killed, max(peak, ru_max), elapsed, out.read(), err.read())
