"""Chart images: PNG, SVG and PDF of an item's figure, with its title and a caption (source, licence, filters,
build date; SYNTHETIC first when it is) below the plot.

Rendered by kaleido with Debian's chromium (never a downloaded browser), through kaleido's public sync server
(`kaleido.start_sync_server`, `kaleido.write_fig_from_object_sync`), started once per process on the first image
asked for. Every figure of a request goes to kaleido in one call, so its tabs render in parallel: kaleido reloads a
tab after each image, and while one tab reloads the others render. Without a browser, images are left out and said
to be; everything else keeps working.
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
import textwrap
import threading
from pathlib import Path

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 700
FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
RENDER_TABS = int(os.environ.get("KIL_RENDER_TABS", "2"))   # kaleido tabs rendering in parallel
RENDER_TIMEOUT = 90        # seconds for one image (kaleido's own limit) and for the server to start
SECONDS_PER_IMAGE = 10     # added to RENDER_TIMEOUT for each image of a request


class ImagesUnavailable(RuntimeError):
    """No browser to render images with (or it failed to start)."""


@functools.lru_cache(maxsize=1)
def browser_path() -> str | None:
    """Debian's chromium (or KIL_CHROMIUM / BROWSER_PATH). Never a downloaded browser."""
    for candidate in (os.environ.get("KIL_CHROMIUM"), os.environ.get("BROWSER_PATH"), *CHROMIUM_PATHS,
                      shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


_start_lock = threading.Lock()    # starting the server
_render_lock = threading.Lock()   # the sync server answers one request at a time (Streamlit runs sessions in threads)
_server: dict = {"started": False, "error": None}


def images_available() -> bool:
    return browser_path() is not None and _server["error"] is None


def unavailable_reason() -> str:
    if _server["error"]:
        return f"Images could not be rendered: {_server['error']}"
    return ("Images (PNG, SVG, PDF) are rendered by a browser, and none is installed here (Debian's chromium at "
            "/usr/bin/chromium; `apt-get install chromium`). Data downloads work without it.")


def _call(fn, timeout: float):
    """Run fn in a daemon thread with a timeout: kaleido's sync server waits forever for an answer when its browser
    did not start or died."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as exc:   # noqa: BLE001  re-raised below, in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"no image after {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box.get("result")


def _write(specs: list[dict], timeout: float) -> None:
    """Write every spec ({fig, path, opts}) in one call to the server, so that its tabs share the work."""
    import kaleido

    _call(lambda: kaleido.write_fig_from_object_sync(specs, cancel_on_error=True), timeout)


def start_server() -> None:
    """Start kaleido's sync server once per process, and check that it renders."""
    import kaleido
    import plotly.graph_objects as go

    with _start_lock:
        if _server["started"]:
            return
        if _server["error"] or browser_path() is None:
            raise ImagesUnavailable(unavailable_reason())
        try:
            kaleido.start_sync_server(path=browser_path(), n=RENDER_TABS, timeout=RENDER_TIMEOUT, mathjax=False,
                                      silence_warnings=True)
            with tempfile.TemporaryDirectory(prefix="kil-img-") as tmp:
                _write([{"fig": go.Figure(), "path": str(Path(tmp) / "warm-up.png"),
                         "opts": {"format": "png", "width": 10, "height": 10}}], RENDER_TIMEOUT)
        except Exception as exc:   # noqa: BLE001  any failure to start means no images, said once and kept
            _server["error"] = f"{type(exc).__name__}: {exc}"
            raise ImagesUnavailable(unavailable_reason()) from exc
        _server["started"] = True


def export_figure(item, caption_text: str, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT):
    """A copy of the item's figure with its title and, below the plot area, the caption."""
    import plotly.graph_objects as go

    fig = go.Figure(item.fig)
    if not (fig.layout.title and fig.layout.title.text):
        fig.update_layout(title=dict(text=item.title, x=0))
    chars = max(60, int(width / 6.6))
    lines = textwrap.wrap(caption_text, chars) or [""]
    line_px = 14
    gap = 48 if fig.layout.xaxis and fig.layout.xaxis.visible is not False else 10
    bottom = (fig.layout.margin.b or 10) if fig.layout.margin else 10
    fig.update_layout(margin=dict(b=max(bottom, gap) + 8 + line_px * len(lines)), width=width, height=height)
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-gap, showarrow=False, align="left",
                       font=dict(size=11, color="#444444"))
    return fig


def render(figs: list, fmt_size: list[tuple[str, int, int]]) -> list[bytes]:
    """Render figures, each at its (format, width, height), in one request to the server; bytes in the same order."""
    if not figs:
        return []
    for fmt, _, _ in fmt_size:
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}; formats: {', '.join(FORMATS)}")
    start_server()
    with tempfile.TemporaryDirectory(prefix="kil-img-") as tmp, _render_lock:
        specs = [{"fig": fig, "path": str(Path(tmp) / f"{i}.{fmt}"), "opts": {"format": fmt, "width": w, "height": h}}
                 for i, (fig, (fmt, w, h)) in enumerate(zip(figs, fmt_size))]
        try:
            _write(specs, RENDER_TIMEOUT + SECONDS_PER_IMAGE * len(specs))
        except TimeoutError as exc:   # the browser hangs: no more images in this process
            _server["error"] = str(exc)
            raise ImagesUnavailable(unavailable_reason()) from exc
        return [Path(s["path"]).read_bytes() for s in specs]


def image_bytes(item, caption_text: str, fmt: str, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> bytes:
    """One image of an item's figure, with its title and caption."""
    return render([export_figure(item, caption_text, width, height)], [(fmt, width, height)])[0]
