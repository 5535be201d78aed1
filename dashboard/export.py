"""Exports: every chart as PNG, SVG and PDF, every chart's and table's data as CSV, XLSX and Parquet, and a zip
bundle per page with its metadata. What leaves is the View that is on screen (dashboard/views.py): the same rows,
the same synthetic labels, the same protection of names.

Images are rendered by kaleido with Debian's chromium (never a downloaded browser), through kaleido's persistent
server, started once per process on the first image asked for. Without a browser, images are left out and said to
be; everything else keeps working.

Command line (no browser session, no Streamlit server):

    python -m dashboard.export --council E08000032 --page local_spend --out exports/
"""
from __future__ import annotations

import os

import argparse
import functools
import io
import json
import re
import shutil
import sys
import tempfile
import textwrap
import threading
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from dashboard.pages import BY_ID as PAGES
from kil import config, indicators
from kil import version as kil_version

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 700
IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx", "parquet")
BUNDLE_IMAGE_FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "parquet": "application/vnd.apache.parquet", "zip": "application/zip"}
PRODUCT = "Keep it Local dashboard"
# Text cells starting with one of these are read as formulas (or commands) by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")   # control characters openpyxl refuses
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
RENDER_TABS = int(os.environ.get("KIL_RENDER_TABS", "2"))   # kaleido tabs rendering in parallel
RENDER_TIMEOUT = 90


class ImagesUnavailable(RuntimeError):
    """No browser to render images with (or it failed to start)."""


# ----------------------------------------------------------------------------------------------- names and units

def file_stem(item) -> str:
    """`<item id>` or `<item id>.synthetic`: synthetic items say so in every file name."""
    return f"{item.id}.synthetic" if item.synthetic else item.id


def money_unit(measure: str) -> str:
    return "£ per resident" if measure == "per_head" else "£"


INDICATOR_UNITS = {"share": "share 0-1", "percent": "%", "index": "HHI 0-10,000", "count": "count"}
FIXED_UNITS = {"amount": "£", "supplier_spend": "£", "market_value": "£", "discount": "£", "target": None,
               "council_rate": "cases per 100,000", "group_median": None, "england_rate": "cases per 100,000",
               "england_median": None, "network_median": None}


def value_unit(item, measure: str) -> str | None:
    """The unit of an item's `value` (and its medians), from what the item is."""
    df = item.data
    if "amount" in df and "value" in df:                       # spend by period: total or per head
        return money_unit(measure)
    for prefix in ("compare-", "trends-"):
        if item.id.startswith(prefix) and item.id[len(prefix):] in indicators.INDICATORS:
            return INDICATOR_UNITS.get(indicators.INDICATORS[item.id[len(prefix):]].unit)
    if "unit" in df and df["unit"].nunique() == 1:             # Oflog measures, pilot metrics
        return str(df["unit"].iloc[0])
    if item.id == "covid":
        return "cases per 100,000"
    if "indicator_id" in df:                                   # several indicators in one column
        units = {i: INDICATOR_UNITS.get(indicators.INDICATORS[i].unit) for i in df["indicator_id"].dropna().unique()
                 if i in indicators.INDICATORS}
        if units:
            return "; ".join(f"{u} for {i}" for i, u in units.items())
    return None


def unit_names(item, measure: str) -> dict[str, str]:
    """Column -> column with its unit, e.g. value -> 'value (£ per resident)', amount -> 'amount (£)'.
    Only numeric columns are renamed; a column already carrying a unit in brackets is left alone."""
    df = item.data
    unit = value_unit(item, measure)
    names = {}
    for col in df.columns:
        if not isinstance(col, str) or "(" in col or not pd.api.types.is_numeric_dtype(df[col]) \
                or pd.api.types.is_bool_dtype(df[col]):
            continue
        if col.endswith("share") or col.endswith("_share"):
            names[col] = f"{col} (share 0-1)"
        elif col in ("value", "group_median", "england_median", "network_median", "target") and unit:
            names[col] = f"{col} ({unit})"
        elif FIXED_UNITS.get(col):
            names[col] = f"{col} ({FIXED_UNITS[col]})"
    return names


# ----------------------------------------------------------------------------------------------- data

def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading single quote; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells neutralised (column names too); numbers, dates and booleans untouched."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise, na_action="ignore")
    out.columns = [neutralise(c) for c in out.columns]
    return out


def table(item, measure: str) -> pd.DataFrame:
    """The rows on screen, with units in the column names."""
    return item.data.rename(columns=unit_names(item, measure))


def to_csv(df: pd.DataFrame) -> bytes:
    """RFC 4180 (CRLF line ends, so a field holding a CR or LF is quoted), UTF-8 with a byte-order mark so that
    spreadsheets read '£' right."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, about: dict[str, str] | None = None) -> bytes:
    safe = safe_frame(df)
    for col in safe.columns:   # control characters (other than tab, CR, LF) cannot be stored in XLSX
        if pd.api.types.is_object_dtype(safe[col]) or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: ILLEGAL_XLSX.sub("", v) if isinstance(v, str) else v,
                                      na_action="ignore")
    for col in safe.columns:   # nullable integers/booleans: openpyxl takes plain objects with None for missing
        if isinstance(safe[col].dtype, pd.api.extensions.ExtensionDtype) and not pd.api.types.is_string_dtype(
                safe[col]):
            safe[col] = safe[col].astype(object).where(safe[col].notna(), None)
        if isinstance(safe[col].dtype, pd.DatetimeTZDtype):
            safe[col] = safe[col].dt.tz_localize(None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe.to_excel(xl, sheet_name="data", index=False)
        if about:
            pd.DataFrame({"field": list(about), "value": [neutralise(str(v)) for v in about.values()]}).to_excel(
                xl, sheet_name="about", index=False)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    """Exact values (Parquet is not a spreadsheet: nothing is neutralised)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def data_bytes(item, measure: str, fmt: str, about: dict[str, str] | None = None) -> bytes:
    df = table(item, measure)
    if fmt == "csv":
        return to_csv(df)
    if fmt == "xlsx":
        return to_xlsx(df, about)
    if fmt == "parquet":
        return to_parquet(df)
    raise ValueError(f"unknown data format {fmt!r}; formats: {', '.join(DATA_FORMATS)}")


# ----------------------------------------------------------------------------------------------- context

def build_info() -> dict:
    from dashboard import db

    return db.build_info()


def caption(item, filters, council_name: str, built_at) -> str:
    """The caption an image carries: source, licence, filters, build date (and SYNTHETIC first when it is)."""
    from dashboard import sources

    parts = ["SYNTHETIC DEMO DATA: not a fact about any council or organisation." if item.synthetic else "",
             sources.line(item.datasets, item.council) if item.datasets else "",
             f"Filters: {filters.describe(council_name)}.",
             f"Warehouse built {built_at:%d %B %Y}. {PRODUCT}."]
    return " ".join(p for p in parts if p)


def about(item, filters, council_name: str, built_at) -> dict[str, str]:
    return {"title": item.title, "caption": item.caption, "source and licence": caption(item, filters, council_name,
                                                                                            built_at),
            "synthetic": str(item.synthetic)}


def page_path(page_id: str) -> str:
    return PAGES[page_id].url_path


def permalink(page_id: str, filters) -> str:
    return f"{config.BASE_URL.rstrip('/')}/{page_path(page_id)}?{urlencode(filters.as_params())}"


@functools.lru_cache(maxsize=1)
# ----------------------------------------------------------------------------------------------- images

def browser_path() -> str | None:
    """Debian's chromium (or KIL_CHROMIUM / BROWSER_PATH). Never a downloaded browser."""
    for candidate in (os.environ.get("KIL_CHROMIUM"), os.environ.get("BROWSER_PATH"), *CHROMIUM_PATHS,
                      shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


_server_lock = threading.Lock()     # starting the server
_render_lock = threading.Lock()     # the sync server takes one request at a time
_server: dict = {"started": False, "error": None}


def images_available() -> bool:
    return browser_path() is not None and _server["error"] is None


def unavailable_reason() -> str:
    if _server["error"]:
        return f"Images could not be rendered: {_server['error']}"
    return ("Images (PNG, SVG, PDF) are rendered by a browser, and none is installed here (Debian's chromium at "
            "/usr/bin/chromium; `apt-get install chromium`). Data downloads work without it.")


def _call(fn, timeout: float):
    """Run fn in a daemon thread with a timeout (the sync server blocks forever if its browser died)."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as exc:   # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"no image after {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


RELOAD_EVERY = 50   # renders per tab between reloads (kaleido reloads after every render, which costs ~0.3 s)


def _server_class():
    """kaleido's persistent sync server, with tabs reused between renders.

    kaleido 1.x reloads a tab (and so plotly.js) after every image, which makes a page bundle take 4 s instead of 1.
    Here a tab is reloaded after a PDF (printed from the page itself), after an error and every RELOAD_EVERY
    renders; otherwise it goes straight back to the pool (Plotly.toImage purges its own plot). Falls back to
    kaleido's own server when its internals are not as expected (another kaleido version)."""
    try:
        import contextvars

        from kaleido._sync_server import GlobalKaleidoServer
        from kaleido.kaleido import Kaleido
        if not all(hasattr(Kaleido, a) for a in ("_return_kaleido_tab", "_render_task")) or not hasattr(
                GlobalKaleidoServer, "_server"):
            return None
    except ImportError:
        return None

    needs_reload: contextvars.ContextVar[bool] = contextvars.ContextVar("kil_needs_reload", default=True)

    class ReusingKaleido(Kaleido):
        async def _render_task(self, fig_arg, **kwargs):
            needs_reload.set(((fig_arg.get("opts") or {}).get("format") or "png") == "pdf")
            return await super()._render_task(fig_arg, **kwargs)

        async def _return_kaleido_tab(self, tab) -> None:
            uses = self.__dict__.setdefault("_kil_uses", {})
            uses[id(tab)] = uses.get(id(tab), 0) + 1
            if needs_reload.get() or sys.exc_info()[1] is not None or uses[id(tab)] % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    class Server(GlobalKaleidoServer):
        _instance = None   # its own singleton, beside kaleido's own

        async def _server(self, *args, **kwargs):
            try:
                async with ReusingKaleido(*args, **kwargs) as k:
                    while (task := self._task_queue.get()) is not None:
                        try:
                            self._return_queue.put(await getattr(k, task.fn)(*task.args, **task.kwargs))
                        except Exception as exc:   # noqa: BLE001
                            self._return_queue.put(exc)
                        self._task_queue.task_done()
                    self._task_queue.task_done()
            except Exception as exc:   # noqa: BLE001  the browser did not start: answer every request with why
                while True:
                    task = self._task_queue.get()
                    if task is not None:
                        self._return_queue.put(RuntimeError(f"the browser did not start: {exc}"))
                    self._task_queue.task_done()
                    if task is None:
                        return

    return Server


_servers: dict = {}


def _sync_server():
    """The process's one render server (started by start_server)."""
    return _servers.get("server")


def start_server() -> None:
    """Start the persistent render server once per process, and check it renders."""
    import kaleido

    with _server_lock:
        if _server["started"]:
            return
        if _server["error"]:
            raise ImagesUnavailable(unavailable_reason())
        path = browser_path()
        if path is None:
            raise ImagesUnavailable(unavailable_reason())
        try:
            cls = _server_class()
            if cls is not None:
                server = cls()
                server.open(path=path, n=RENDER_TABS, timeout=RENDER_TIMEOUT, mathjax=False, silence_warnings=True)
                _servers["server"] = server
            else:
                kaleido.start_sync_server(path=path, n=RENDER_TABS, timeout=RENDER_TIMEOUT, mathjax=False,
                                          silence_warnings=True)
            import plotly.graph_objects as go
            with tempfile.TemporaryDirectory(prefix="kil-img-") as tmp:
                _call(lambda: _write_figs([{"fig": go.Figure(), "path": str(Path(tmp) / "warm-up.png"),
                                            "opts": {"format": "png", "width": 10, "height": 10}}]), RENDER_TIMEOUT)
        except Exception as exc:   # noqa: BLE001
            _server["error"] = f"{type(exc).__name__}: {exc}"
            raise ImagesUnavailable(unavailable_reason()) from exc
        _server["started"] = True


def _write_figs(specs: list[dict]) -> None:
    import kaleido

    server = _sync_server()
    if server is not None:
        server.call_function("write_fig_from_object", specs, cancel_on_error=True)
    else:
        kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)


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
    """Render figures (each with format, width, height) through the persistent server, in parallel tabs."""
    if not figs:
        return []
    start_server()
    with tempfile.TemporaryDirectory(prefix="kil-img-") as tmp, _render_lock:
        specs = [{"fig": fig, "path": str(Path(tmp) / f"{i}.{fmt}"),
                  "opts": {"format": fmt, "width": w, "height": h}}
                 for i, (fig, (fmt, w, h)) in enumerate(zip(figs, fmt_size))]
        try:
            _call(lambda: _write_figs(specs), RENDER_TIMEOUT + 10 * len(specs))
        except TimeoutError as exc:
            _server["error"] = str(exc)
            raise ImagesUnavailable(unavailable_reason()) from exc
        return [Path(s["path"]).read_bytes() for s in specs]


def image_bytes(item, caption_text: str, fmt: str, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> bytes:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; formats: {', '.join(IMAGE_FORMATS)}")
    return render([export_figure(item, caption_text, width, height)], [(fmt, width, height)])[0]


# ----------------------------------------------------------------------------------------------- bundle

def citation(view, link: str, info: dict, version: str) -> str:
    return (f"{PRODUCT} ({version}). “{view.title}”. Filters: {view.filters.describe(view.council_name)}. "
            f"Warehouse build {info['build_id']} of {info['built_at']:%d %B %Y}. {link} (accessed "
            f"{date.today():%d %B %Y})." + (" Contains SYNTHETIC demo data." if view.synthetic else ""))


def metadata(view, info: dict | None = None, files: dict[str, list[str]] | None = None,
             images: dict | None = None) -> dict:
    from dashboard import sources
    from dashboard.filters import GROUPS, MEASURES, PERIODS

    info = info or build_info()
    link = permalink(view.page_id, view.filters)
    version = kil_version.product_version()
    files = files or {}
    return {
        "title": view.title,
        "page": {"id": view.page_id, "title": PAGES[view.page_id].title, "path": page_path(
            view.page_id)},
        "council": {"code": view.filters.council, "name": view.council_name},
        "filters": view.filters.as_params() | {"description": view.filters.describe(view.council_name),
                                               "group_label": GROUPS[view.filters.group],
                                               "period_label": PERIODS[view.filters.period],
                                               "measure_label": MEASURES[view.filters.measure]},
        "options": view.options,
        "permalink": link,
        "warehouse": {"build_id": info["build_id"], "built_at": _iso(info["built_at"])},
        "product": {"name": PRODUCT, "version": version},
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "citation": citation(view, link, info, version),
        "synthetic": view.synthetic,
        "synthetic_items": [i.id for i in view.items if i.synthetic],
        "synthetic_note": view.banner,
        "notes": view.notes,
        "empty": view.empty,
        "sources": sources.describe(view.datasets, view.filters.council),
        "licences": sources.licences(view.datasets, view.filters.council),
        "attribution": sources.attributions(view.datasets, view.filters.council),
        "indicators": [{"id": i.id, "name": i.name, "principle": i.principle, "definition": i.definition,
                        "unit": i.unit, "higher_is_better": i.higher_is_better}
                       for i in indicators.INDICATORS.values()],
        "items": [{"id": i.id, "title": i.title, "kind": "chart" if i.fig is not None else "table",
                   "section": i.section, "caption": i.caption, "datasets": list(i.datasets),
                   "synthetic": i.synthetic, "rows": len(i.data), "columns": list(table(i, view.filters.measure)
                                                                                     .columns),
                   "files": files.get(i.id, [])} for i in view.items],
        "images": images or {},
    }


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def bundle_name(view) -> str:
    return f"keep-it-local-{view.page_id}-{view.filters.council}{'.synthetic' if view.synthetic else ''}.zip"


def bundle(view, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, images: bool = True) -> bytes:
    """The page as a zip: charts (PNG and SVG), data (CSV) and metadata.json."""
    info = build_info()
    measure = view.filters.measure
    files: dict[str, list[str]] = {}
    entries: list[tuple[str, bytes]] = []
    for item in view.items:
        name = f"data/{file_stem(item)}.csv"
        entries.append((name, data_bytes(item, measure, "csv")))
        files.setdefault(item.id, []).append(name)
    charts = [i for i in view.items if i.fig is not None]
    image_note = {"width": width, "height": height, "formats": list(BUNDLE_IMAGE_FORMATS), "rendered": False,
                  "reason": None}
    if charts and images and not images_available():
        image_note["reason"] = unavailable_reason()
    elif charts and images:
        try:
            figs, sizes, names = [], [], []
            for item in charts:
                fig = export_figure(item, caption(item, view.filters, view.council_name, info["built_at"]), width,
                                    height)
                for fmt in BUNDLE_IMAGE_FORMATS:
                    figs.append(fig)
                    sizes.append((fmt, width, height))
                    names.append((item.id, f"charts/{file_stem(item)}.{fmt}"))
            for (item_id, name), data in zip(names, render(figs, sizes)):
                entries.append((name, data))
                files[item_id].append(name)
            image_note["rendered"] = True
        except ImagesUnavailable as exc:
            image_note["reason"] = str(exc)
    elif charts:
        image_note["reason"] = "images not asked for"
    meta = metadata(view, info, files, image_note)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps(meta, indent=2, ensure_ascii=False, default=str))
        for name, data in entries:
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.endswith(".png") else
                        zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------- command line

def quiet_streamlit() -> None:
    """Streamlit's cache works outside a server but warns on every cached function: silence that."""
    import streamlit.logger

    streamlit.logger.set_log_level("error")


def parser() -> argparse.ArgumentParser:
    from dashboard.filters import GROUPS, MEASURES, PERIODS
    from dashboard.pages import PAGE_IDS

    p = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Write a page of the dashboard as a bundle (zip): charts (PNG, SVG), data (CSV) and "
                    "metadata.json, exactly as the page shows them. No browser session needed; images need "
                    "Debian's chromium.")
    p.add_argument("--council", required=True, help="GSS code of the council, e.g. E08000032 (Bradford)")
    p.add_argument("--page", required=True, choices=PAGE_IDS, metavar="PAGE",
                   help=f"page id, one of: {', '.join(PAGE_IDS)}")
    p.add_argument("--out", required=True, type=Path, help="directory to write the bundle into (created)")
    p.add_argument("--group", default="network", choices=list(GROUPS), help="comparison group (default network)")
    p.add_argument("--period", default="fy", choices=list(PERIODS), help="period (default fy)")
    p.add_argument("--measure", default="total", choices=list(MEASURES), help="total or per_head (default total)")
    p.add_argument("--service", default=None, help="a service area of the council (default: all service areas)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="a page option, e.g. indicator=unknown_share on compare_areas (repeatable)")
    p.add_argument("--width", type=int, default=DEFAULT_WIDTH, help=f"image width (default {DEFAULT_WIDTH})")
    p.add_argument("--height", type=int, default=DEFAULT_HEIGHT, help=f"image height (default {DEFAULT_HEIGHT})")
    p.add_argument("--no-images", action="store_true", help="leave the images out")
    p.add_argument("--warehouse", help="warehouse file (default: KIL_WAREHOUSE, else data/warehouse.duckdb)")
    return p


def main(argv: list[str] | None = None) -> int:
    quiet_streamlit()
    args = parser().parse_args(argv)
    if args.warehouse:
        os.environ["KIL_WAREHOUSE"] = str(args.warehouse)
    from dashboard import db, queries, views
    from dashboard.filters import Filters

    try:
        db.build_info()
    except db.NoWarehouse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    council = queries.council(args.council)
    if not council:
        print(f"error: unknown council {args.council!r}: give a GSS code of an English council, e.g. E08000032 "
              "(Bradford).", file=sys.stderr)
        return 2
    service = args.service
    if service is not None and service not in queries.service_areas(args.council):
        print(f"error: {service!r} is not a service area of {council['name']}.", file=sys.stderr)
        return 2
    if not (100 <= args.width <= 5000 and 100 <= args.height <= 5000):
        print("error: --width and --height must be between 100 and 5000 pixels.", file=sys.stderr)
        return 2
    options = {}
    for opt in args.option:
        key, sep, value = opt.partition("=")
        if not sep:
            print(f"error: --option {opt!r}: expected KEY=VALUE.", file=sys.stderr)
            return 2
        options[key] = value
    f = Filters(args.council, args.group, args.period, service, args.measure)
    view = views.build(args.page, f, options)
    data = bundle(view, args.width, args.height, images=not args.no_images)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / bundle_name(view)
    target.write_bytes(data)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("metadata.json"))
    if meta["images"].get("reason") and not args.no_images and meta["images"].get("reason") != "images not asked for":
        print(f"warning: {meta['images']['reason']}", file=sys.stderr)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
