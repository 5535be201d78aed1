"""Benchmark in a real browser: the app served by Streamlit on a warehouse, driven by Playwright with Debian's
chromium (never a downloaded browser), as a visitor moves through the pages.

For each council, every page is opened once from the navigation (first visit) and then again (warm: the second
visit in the same session, query caches full). The time is from the click on the page's link to the page's last
chart drawn: the address is the page's, the script run has finished and every chart of the page is drawn
(READY_JS, checked twice 100 ms apart; the browser tests wait for it too). The ward maps (WebGL, drawn in software here) are
reported as their own figure. Then the resident memory of the Streamlit process after every page of every council,
with the processes it started (kaleido's chromium, for chart export) reported apart.

Run: .venv/bin/python bench/browser.py --warehouse W [--council CODE ...] [--json]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = Path("/usr/bin/chromium")
MAP_PAGES = ("neighbourhoods",)      # pages whose charts are ward maps (WebGL): reported apart
COUNCILS = ("E08000035", "E08000032", "E08000033")   # Leeds (most lines), Bradford, Calderdale


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The page has finished its script run: a title, the frame's footer (drawn after the page, so the page is complete),
# no running/"source changed" status, no stale (greyed) elements, no skeletons (Streamlit draws one while an
# element's code is still loading, e.g. the first download button or dataframe of a session), and a chart where
# the page has charts.
READY_JS = """(charts) => !!document.querySelector('h1')
  && [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
       .some((c) => /Warehouse build \\w+ of /.test(c.innerText))
  && !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-stale="true"]')
  && !document.querySelector('[data-testid="stSkeleton"]')
  && (!charts || !!document.querySelector('[data-testid="stMain"] .js-plotly-plot'))"""


class AppDidNotStart(RuntimeError):
    """A process the benchmark or a browser test started exited, or did not answer in time."""


def wait_for(url: str, proc: subprocess.Popen, what: str, log: Path, timeout: float = 90) -> None:
    """Until `url` answers 200 (an app's health check, a provider's metadata); AppDidNotStart if `proc` exits
    first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise AppDidNotStart(f"{what} exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AppDidNotStart(f"{what} did not answer {url} within {timeout:.0f} s; see {log}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def served(warehouse: Path, log: Path, *, port: int | None = None,
           args: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app on 127.0.0.1 over `warehouse` until the block ends, its output in `log`: (its address, its
    process). No file watcher: an edit to the source during a run would put a "Source file changed" prompt in the
    status widget, and a page would never look finished. `args`: more `streamlit run` options (secrets files)."""
    port = port or free_port()
    with Path(log).open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--server.runOnSave", "false", *args],
            env={**os.environ, "KIL_WAREHOUSE": str(warehouse)}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{url}/_stcore/health", proc, "streamlit", Path(log))
            yield url, proc
        finally:
            stop(proc)


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """Every process started by `pid`, at any depth."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").iterdir():
            kids = (task / "children").read_text().split() if (task / "children").exists() else []
            found += [int(k) for k in kids]
            todo += [int(k) for k in kids]
    return found


def _drawn(page, path: str, charts: bool, timeout: float) -> None:
    page.wait_for_url(lambda u: u.split("?")[0].rstrip("/").endswith(path.rstrip("/")), timeout=timeout)
    for _ in range(2):
        page.wait_for_function(READY_JS, arg=charts, timeout=timeout)
        page.wait_for_timeout(100)


def measure(warehouse: Path, councils: tuple[str, ...] = COUNCILS, timeout: float = 120_000) -> dict:
    """Seconds from a click in the navigation to the page's last chart drawn, first and second visit, per page
    and council; the worst warm page (maps apart); and the app's resident memory after all of them."""
    from playwright.sync_api import sync_playwright

    from dashboard.pages import PAGES

    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"kil-bench-streamlit-{os.getpid()}.log"
    out: dict = {"pages": {}}
    with served(Path(warehouse), log) as (url, proc), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        try:
            for council in councils:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{url}/?council={council}", timeout=timeout)
                _drawn(page, "/", True, timeout)
                for visit in ("first", "warm"):
                    for pg in PAGES[1:] + PAGES[:1]:      # the default page last, so that it is a navigation too
                        started = time.perf_counter()
                        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=pg.title).click()
                        _drawn(page, "/" + pg.url_path, pg.id != "data_and_methods", timeout)
                        seconds = time.perf_counter() - started
                        out["pages"].setdefault(pg.id, {}).setdefault(visit, []).append(round(seconds, 3))
                page.close()
            out["app_rss_mb"] = round(rss_mb(proc.pid))
            out["app_children_rss_mb"] = round(sum(rss_mb(k) for k in children(proc.pid)))
        finally:
            browser.close()
    warm = {pid: max(v["warm"]) for pid, v in out["pages"].items()}
    views = {pid: s for pid, s in warm.items() if pid not in MAP_PAGES}
    worst = max(views, key=views.get)
    out |= {"browser_warm_worst_seconds": views[worst], "browser_warm_worst_page": worst,
            "browser_maps_warm_seconds": max((warm[m] for m in MAP_PAGES if m in warm), default=None),
            "browser_first_median_seconds": round(statistics.median(
                s for v in out["pages"].values() for s in v["first"]), 3),
            "councils": list(councils)}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warehouse", required=True)
    p.add_argument("--council", action="append", help="a council's GSS code (repeatable; default: three)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    result = measure(Path(args.warehouse), tuple(args.council or COUNCILS))
    if args.json:
        print(json.dumps(result))
    else:
        for pid, v in result["pages"].items():
            print(f"{pid:18s} first {max(v['first']):5.2f}s  warm {max(v['warm']):5.2f}s")
        print({k: v for k, v in result.items() if k != "pages"})


if __name__ == "__main__":
    main()
