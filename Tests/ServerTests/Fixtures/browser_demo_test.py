#!/usr/bin/env python3
"""Drive the `proctor serve` demo page in headless Chromium with a fake camera.

usage:
  browser_demo_test.py --url http://127.0.0.1:PORT/ [--api-key KEY] \
      --camera FILE.y4m --screenshot OUT.png [--seconds 8]

Needs Selenium 4 (pip install selenium), Debian's /usr/bin/chromium and
/usr/bin/chromedriver (both passed explicitly, so Selenium Manager never runs
or downloads anything). FILE.y4m comes from make_fake_camera.sh.

Flow: open the page, fill the API key, start a session, wait for the session id
and "active", wait for >= 3 acknowledged frames with a numeric metric, watch the
frames keep flowing for --seconds, note any alerts (not required), end the
session, wait for the rendered report, take a screenshot.

Success: JSON summary on stdout, exit 0.
Failure: the reason and the browser console log on stderr, a JSON summary with
"error" on stdout, a screenshot anyway, exit 1.
"""

import argparse
import json
import os
import sys
import time

METRICS = ["eye_contact", "engagement", "confidence", "posture", "facial_expression"]
RUN_BUDGET_S = 58.0  # the whole run, browser start to screenshot


class Failure(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(description="Real-browser test of the proctor demo page.")
    p.add_argument("--url", required=True, help="page URL, e.g. http://127.0.0.1:5055/")
    p.add_argument("--api-key", default=None, help="API key to type into the page")
    p.add_argument("--server-url", default=None,
                   help="API base URL to type into #serverUrl (default: leave empty = the page's origin)")
    p.add_argument("--camera", required=True, help="Y4M file for Chromium's fake camera")
    p.add_argument("--screenshot", required=True,
                   help="where to save the PNG screenshot (after the report); a second one, "
                        "<name>-live.png, is taken while frames flow")
    p.add_argument("--seconds", type=float, default=8.0,
                   help="how long to watch frames flow after the first metrics (default 8)")
    p.add_argument("--interval", type=int, default=None,
                   help="capture interval in ms to type into the page (default: page default)")
    p.add_argument("--chromium", default="/usr/bin/chromium")
    p.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = p.parse_args(argv)
    if args.seconds < 0 or args.seconds > 30:
        p.error("--seconds must be between 0 and 30 (the whole run stays under 60 s)")
    return args


class Run:
    def __init__(self, args):
        self.args = args
        self.t0 = time.monotonic()
        self.driver = None
        self.console = []  # every browser console entry collected so far
        self.summary = {
            "session_id": None,
            "frames": 0,
            "metrics_seen": {m: None for m in METRICS},
            "alerts": [],
            "assessment": None,
            "screenshot": os.path.abspath(args.screenshot),
            "screenshot_live": None,
        }

    # ---- timing -----------------------------------------------------------
    def remaining(self):
        return RUN_BUDGET_S - (time.monotonic() - self.t0)

    def budget(self, wanted):
        left = self.remaining() - 3.0  # keep time for the screenshot and shutdown
        if left <= 0:
            raise Failure("run budget of %.0f s exhausted" % RUN_BUDGET_S)
        return min(wanted, left)

    # ---- browser ----------------------------------------------------------
    def launch(self):
        # Belt and braces: even if something asked Selenium Manager, keep it offline.
        os.environ.setdefault("SE_OFFLINE", "true")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        for path, what in ((self.args.chromium, "chromium"), (self.args.chromedriver, "chromedriver")):
            if not os.access(path, os.X_OK):
                raise Failure("%s not found or not executable at %s" % (what, path))
        camera = os.path.abspath(self.args.camera)
        if not os.path.isfile(camera) or os.path.getsize(camera) == 0:
            raise Failure("fake camera file missing or empty: %s" % camera)

        opts = webdriver.ChromeOptions()
        opts.binary_location = self.args.chromium
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--use-file-for-fake-video-capture=" + camera,
            "--window-size=1280,1000",
            "--no-first-run",
            "--no-default-browser-check",
        ):
            opts.add_argument(flag)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=self.args.chromedriver)
        self.driver = webdriver.Chrome(service=service, options=opts)
        self.driver.set_page_load_timeout(self.budget(15))
        self.driver.set_script_timeout(10)

    def collect_console(self):
        if not self.driver:
            return
        try:
            self.console.extend(self.driver.get_log("browser"))
        except Exception as exc:  # the log endpoint may be gone once the browser died
            self.console.append({"level": "INFO", "message": "(could not read console log: %s)" % exc})

    def text(self, css):
        from selenium.webdriver.common.by import By
        els = self.driver.find_elements(By.CSS_SELECTOR, css)
        return els[0].text.strip() if els else ""

    def status(self):
        return self.text("#status")

    def frame_count(self):
        t = self.text("#frameCount")
        try:
            return int(t)
        except ValueError:
            return 0

    def read_metrics(self):
        """Record every numeric metric currently shown; return how many are numeric."""
        numeric = 0
        for m in METRICS:
            t = self.text("#metric-" + m)
            try:
                v = float(t)
            except ValueError:
                continue
            if not 0 <= v <= 100:
                raise Failure("#metric-%s shows %r, outside 0-100" % (m, t))
            numeric += 1
            self.summary["metrics_seen"][m] = v
        return numeric

    def read_alerts(self):
        from selenium.webdriver.common.by import By
        alerts = []
        for li in self.driver.find_elements(By.CSS_SELECTOR, "#alerts li.alert"):
            alerts.append({
                "event_id": li.get_attribute("data-event-id"),
                "type": li.get_attribute("data-type"),
                "severity": li.get_attribute("data-severity"),
                "active": li.get_attribute("data-active") == "true",
                "text": " ".join(li.text.split()),
            })
        return alerts

    def wait_for(self, what, predicate, timeout, fail_on_error_status=False, poll=0.25):
        """Poll predicate() until truthy; raise Failure with `what` on timeout."""
        deadline = time.monotonic() + self.budget(timeout)
        last_status = ""
        while True:
            value = predicate()
            if value:
                return value
            last_status = self.status()
            if fail_on_error_status and last_status.startswith("error"):
                raise Failure("%s: page reports %r" % (what, last_status))
            if time.monotonic() >= deadline:
                raise Failure("timed out after %.1f s waiting for %s (status %r, frames %d)"
                              % (timeout, what, last_status, self.frame_count()))
            time.sleep(poll)

    # ---- the scenario -----------------------------------------------------
    def scenario(self):
        from selenium.webdriver.common.by import By

        d = self.driver
        d.get(self.args.url)
        self.wait_for("the page (#startButton)",
                      lambda: d.find_elements(By.ID, "startButton"), 10)
        for required in ["serverUrl", "apiKey", "interval", "candidate", "endButton", "preview",
                         "sessionId", "status", "frameCount", "faceStatus", "dominantEmotion",
                         "alerts", "report"] + ["metric-" + m for m in METRICS]:
            if not d.find_elements(By.ID, required):
                raise Failure("page lacks #%s" % required)
        if self.status() != "idle":
            raise Failure("initial status is %r, expected 'idle'" % self.status())
        if d.find_element(By.ID, "endButton").is_enabled():
            raise Failure("#endButton is enabled before a session started")

        if self.args.server_url is not None:
            box = d.find_element(By.ID, "serverUrl")
            box.clear()
            box.send_keys(self.args.server_url)
        if self.args.api_key is not None:
            box = d.find_element(By.ID, "apiKey")
            box.clear()
            box.send_keys(self.args.api_key)
        if self.args.interval is not None:
            box = d.find_element(By.ID, "interval")
            box.clear()
            box.send_keys(str(self.args.interval))
        box = d.find_element(By.ID, "candidate")
        box.clear()
        box.send_keys("Selenium Demo")

        d.find_element(By.ID, "startButton").click()
        self.wait_for("a session id and status 'active'",
                      lambda: self.text("#sessionId") and self.status() == "active",
                      15, fail_on_error_status=True)
        self.summary["session_id"] = self.text("#sessionId")
        if not d.find_element(By.ID, "endButton").is_enabled():
            raise Failure("#endButton still disabled while the session is active")

        # The first frame can be slow if the server loads its models lazily.
        self.wait_for(">= 3 acknowledged frames with a numeric metric",
                      lambda: self.frame_count() >= 3 and self.read_metrics() > 0,
                      25)
        first = self.frame_count()

        # Watch frames keep flowing; transient API errors are allowed, fatal ones
        # stop the page's capture and show up as no progress here.
        watch_until = time.monotonic() + self.budget(self.args.seconds)
        while time.monotonic() < watch_until:
            self.read_metrics()
            time.sleep(0.25)
        after = self.frame_count()
        if after <= first:
            raise Failure("frames stopped flowing: %d acknowledged before and after %.1f s (status %r)"
                          % (first, self.args.seconds, self.status()))
        self.summary["frames"] = after
        self.summary["alerts"] = self.read_alerts()
        self.summary["live_face_status"] = self.text("#faceStatus")
        self.summary["live_apparent_expression"] = self.text("#dominantEmotion")
        self.summary["skipped_ticks"] = self.text("#skippedCount")
        root, _ = os.path.splitext(os.path.abspath(self.args.screenshot))
        os.makedirs(os.path.dirname(root), exist_ok=True)
        try:
            if d.save_screenshot(root + "-live.png"):
                self.summary["screenshot_live"] = root + "-live.png"
        except Exception as exc:
            print("could not save the live screenshot: %s" % exc, file=sys.stderr)

        d.find_element(By.ID, "endButton").click()
        self.wait_for("#reportAssessment text and a metrics table in #report",
                      lambda: (self.text("#reportAssessment")
                               and d.find_element(By.ID, "report").is_displayed()
                               and d.find_elements(By.CSS_SELECTOR, "#report #reportMetrics tbody tr")),
                      20, fail_on_error_status=True)
        self.summary["assessment"] = self.text("#reportAssessment")
        self.summary["status_after_end"] = self.status()
        self.summary["frames"] = max(self.summary["frames"], self.frame_count())
        self.summary["alerts"] = self.read_alerts()
        self.summary["report_frames_analysed"] = self.text("#reportFrames")
        self.summary["report_metric_rows"] = len(d.find_elements(By.CSS_SELECTOR, "#reportMetrics tbody tr.report-metric"))
        self.summary["report_events"] = [
            " ".join(tr.text.split()) for tr in d.find_elements(By.CSS_SELECTOR, "#reportEvents tr.report-event")]
        self.summary["looking_away_alert_seen"] = any(
            a["type"] == "looking_away" for a in self.summary["alerts"]) or any(
            "looking away" in e.lower() for e in self.summary["report_events"])
        if self.summary["status_after_end"] != "ended":
            raise Failure("status after ending is %r, expected 'ended'" % self.summary["status_after_end"])
        if self.summary["assessment"] not in ("no_alerts", "review_recommended", "insufficient_evidence"):
            raise Failure("unexpected assessment %r" % self.summary["assessment"])

    def check_console_hygiene(self):
        """The page must not log image data or the API key."""
        for entry in self.console:
            msg = str(entry.get("message", ""))
            if "data:image" in msg or ";base64," in msg:
                raise Failure("browser console contains image data: %s" % msg[:120])
            if self.args.api_key and self.args.api_key in msg:
                raise Failure("browser console contains the API key")

    def screenshot(self):
        if not self.driver:
            return False
        path = os.path.abspath(self.args.screenshot)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            # Grow the window to the page height so the report is in the picture.
            height = self.driver.execute_script(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);")
            self.driver.set_window_size(1280, max(1000, min(int(height) + 40, 4000)))
            self.driver.execute_script("window.scrollTo(0, 0);")
            time.sleep(0.3)
        except Exception:
            pass
        try:
            return self.driver.save_screenshot(path)
        except Exception as exc:
            print("could not save screenshot: %s" % exc, file=sys.stderr)
            return False

    def quit(self):
        if self.driver:
            try:
                self.driver.quit()
            except Exception:
                pass
            self.driver = None


def format_console(entries):
    lines = []
    for e in entries:
        lines.append("  [%s] %s" % (e.get("level", "?"), e.get("message", "")))
    return "\n".join(lines) if lines else "  (empty)"


def main(argv):
    args = parse_args(argv)
    run = Run(args)
    error = None
    try:
        run.launch()
        run.scenario()
        run.collect_console()
        run.check_console_hygiene()
    except Failure as exc:
        error = str(exc)
    except Exception as exc:  # selenium errors, browser crashes, ...
        error = "%s: %s" % (type(exc).__name__, str(exc).strip().splitlines()[0] if str(exc).strip() else "")
    finally:
        run.collect_console()
        shot = run.screenshot()
        if not shot:
            run.summary["screenshot"] = None
        run.quit()

    run.summary["elapsed_seconds"] = round(time.monotonic() - run.t0, 1)
    if error:
        run.summary["error"] = error
        print("FAILED: %s" % error, file=sys.stderr)
        print("browser console log:\n%s" % format_console(run.console), file=sys.stderr)
        print(json.dumps(run.summary, indent=2))
        return 1
    print(json.dumps(run.summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
