"""A minimal headless-Chromium driver over the DevTools protocol (websockets' sync client, a Streamlit dependency).

Enough for the browser test: open a page, wait until Streamlit has finished the run and drawn its
charts, read the DOM, save a PNG screenshot.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-port=0", "--window-size=1400,1000",
)
# The app has finished running the script (Streamlit marks its root element) and is connected.
READY = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid="stMainBlockContainer"] h1');
})()"""


def find_chromium() -> str | None:
    """Debian's `chromium` (what CI installs), else a Chrome/Chromium on the PATH."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with one tab, driven through the DevTools protocol."""

    def __init__(self, binary: str, profile: Path):
        self.proc = subprocess.Popen([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = self._devtools_url()
        self._connection = connect(url, max_size=64 * 1024 * 1024, open_timeout=20)
        self.ws = self._connection.__enter__()
        self.ids = itertools.count(1)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1400, height=1000,
                  deviceScaleFactor=1, mobile=False)

    def _devtools_url(self) -> str:
        deadline = time.monotonic() + 30
        assert self.proc.stderr is not None
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                return match.group(1)
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError("Chromium n'a pas ouvert son port DevTools (voir ses messages ci-dessus)")

    def call(self, method: str, session: bool = False, timeout: float = 30, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events in between are dropped)."""
        msg_id = next(self.ids)
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def open(self, url: str, timeout: float = 60, settle: float = 1.0) -> None:
        """Load `url` and wait until Streamlit has run the page and the charts had time to draw."""
        self.call("Page.navigate", session=True, url=url)
        time.sleep(0.5)
        deadline = time.monotonic() + timeout
        self.wait_ready(deadline, f"{url} : la page ne s'est pas chargée en {timeout:.0f} s")
        time.sleep(settle)
        # a chart selection or widget may trigger a rerun
        self.wait_ready(deadline, f"{url} : la page ne s'est pas stabilisée en {timeout:.0f} s")

    def load(self, url: str, timeout: float = 30) -> None:
        """Load a static page (no Streamlit) and wait until it and its images have loaded."""
        self.call("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + timeout
        while self.evaluate(f"location.href === {json.dumps(url)} && document.readyState === 'complete'") is not True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} : la page ne s'est pas chargée en {timeout:.0f} s")
            time.sleep(0.1)

    def wait_ready(self, deadline: float, message: str) -> None:
        """Poll until Streamlit has finished running the page; `TimeoutError(message)` past `deadline`."""
        while not self.evaluate(READY):
            if time.monotonic() > deadline:
                raise TimeoutError(message)
            time.sleep(0.25)

    def click(self, x: float, y: float, timeout: float = 30) -> None:
        """A real mouse click at (x, y) in the window, then wait for the rerun it triggers to finish."""
        self.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)
        time.sleep(1.0)
        self.wait_ready(time.monotonic() + timeout, f"la page ne s'est pas stabilisée {timeout:.0f} s après le clic")

    def screenshot(self, path: Path, max_height: int = 8000) -> None:
        """A PNG of the whole page: the window is stretched to the content's height first (Streamlit
        scrolls inside its main container, so a plain full-page capture would stop at the window)."""
        height = self.evaluate("""(() => {
          const main = document.querySelector('[data-testid="stMain"]');
          return Math.max(document.body.scrollHeight, main ? main.scrollHeight : 0);
        })()""") or 1000
        height = min(max(int(height), 1000), max_height)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1400, height=height,
                  deviceScaleFactor=1, mobile=False)
        time.sleep(0.5)
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1400, height=1000,
                  deviceScaleFactor=1, mobile=False)

    def close(self) -> None:
        try:
            self._connection.__exit__(None, None, None)
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
