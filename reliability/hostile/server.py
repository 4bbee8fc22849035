"""One `proctor serve` under test: start on port 0, read the port from stderr, watch it, restart it.

Each start logs to its own file (`serve-N.log`), so the log checks can read everything the server
ever wrote. `alive()` tells whether the process is still there; the prober counts a death it did not
cause as a crash and calls `restart()` on the same --data folder.
"""

import os
import re
import signal
import subprocess
import threading
import time

import procwatch

PORT_RE = re.compile(r"listening on http://[^\s:/]+:(\d+)")


class ServerError(Exception):
    pass


def serve_help(proctor):
    try:
        return subprocess.run([proctor, "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
    except Exception:
        return ""


class Server:
    def __init__(self, proctor, data, scratch, api_key, env, timeouts, rss_limit_kb=4 * 1024 * 1024):
        self.proctor = proctor
        self.data = data
        self.scratch = scratch
        self.api_key = api_key
        self.env = env
        self.timeouts = timeouts  # dict: header, request, idle
        self.rss_limit_kb = rss_limit_kb
        self.proc = None
        self.port = None
        self.starts = 0
        self.logs = []
        self.expected_exit = False
        self.rss_killed = False
        help_text = serve_help(proctor)
        self.has_timeouts = "--header-timeout" in help_text
        self.has_max_connections = "--max-connections" in help_text
        self._watch = None

    def argv(self, port=0):
        a = [self.proctor, "serve", "--port", str(port), "--data", self.data, "--api-key", self.api_key]
        if self.has_timeouts:
            a += ["--header-timeout", str(self.timeouts["header"]), "--request-timeout", str(self.timeouts["request"]),
                  "--idle-timeout", str(self.timeouts["idle"])]
        return a

    def command_line(self):
        return " ".join(self.argv())

    def start(self, port=0, wait=60):
        log = os.path.join(self.scratch, f"serve-{self.starts}.log")
        self.logs.append(log)
        self.starts += 1
        self.expected_exit = False
        self.rss_killed = False
        with open(log, "wb") as f:
            self.proc = procwatch.spawn(self.argv(port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=f, env=self.env, cwd=self.scratch,
                                        preexec_fn=lambda: os.umask(0o022))
        t0 = time.monotonic()
        while time.monotonic() - t0 < wait:
            with open(log, "rb") as f:
                m = PORT_RE.search(f.read().decode("utf-8", "replace"))
            if m:
                self.port = int(m.group(1))
                self._start_watchdog()
                return self
            if self.proc.poll() is not None:
                raise ServerError(f"server exited with {self.proc.returncode} at start: "
                                  + open(log, "rb").read().decode("utf-8", "replace")[-800:])
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"no 'listening on' line within {wait} s")

    def _start_watchdog(self):
        proc = self.proc

        def watch():
            while proc.poll() is None:
                rss, _ = procwatch.proc_status(proc.pid)
                if rss and rss > self.rss_limit_kb:
                    self.rss_killed = True
                    procwatch.kill_group(proc)
                    return
                time.sleep(0.05)

        self._watch = threading.Thread(target=watch, daemon=True)
        self._watch.start()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def exit_description(self):
        rc = self.proc.poll() if self.proc else None
        if rc is None:
            return "running"
        if self.rss_killed:
            return f"killed by the RSS watchdog (> {self.rss_limit_kb // 1024} MB)"
        if rc < 0:
            return f"killed by signal {-rc} ({signal.Signals(-rc).name})"
        return f"exited with status {rc}"

    def log_tail(self, n=4):
        try:
            lines = open(self.logs[-1], "rb").read().decode("utf-8", "replace").splitlines()
            return " | ".join(l[-300:] for l in lines[-n:])
        except OSError:
            return ""

    def stop(self):
        if self.proc is None:
            return
        self.expected_exit = True
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                procwatch.kill_group(self.proc)
                self.proc.wait(timeout=10)
        procwatch.forget(self.proc)

    def kill9(self):
        self.expected_exit = True
        procwatch.kill_group(self.proc, signal.SIGKILL)
        self.proc.wait(timeout=10)
        procwatch.forget(self.proc)

    def restart(self):
        if self.alive():
            self.stop()
        elif self.proc is not None:
            procwatch.forget(self.proc)
        return self.start()

    def rss_kb(self):
        return procwatch.proc_status(self.pid)[0] if self.alive() else None

    def fds(self):
        return procwatch.fd_count(self.pid) if self.alive() else None

    def reset_peak(self):
        """Reset VmHWM (write 5 to clear_refs) so the next peak belongs to the next request."""
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def peak_kb(self):
        return procwatch.proc_status(self.pid)[1] if self.alive() else None
