"""What travels with an exported file: the caption an image carries, the XLSX `about` sheet, a page's permalink, its
suggested citation and the bundle's metadata.json.

Sources, licences and attributions are read from the load ledger (dashboard/sources.py), pages from the page
registry (dashboard/pages.py). The permalink's base is the app's public address (`kil.config.public_url`), else the
address the page was served from (Streamlit's `st.context.url`, passed in as `served`), else `kil.config.LOCAL_URL`
(the command line, which serves nothing). The citation a page shows ("Cite this view") is `cite`, the same text as
its bundle's metadata.json.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from urllib.parse import urlencode

from dashboard import pages
from kil import config, indicators
from kil import version as kil_version

PRODUCT = "Keep it Local dashboard"
# The version of the code this process serves: `git describe` once, not on every page run.
product_version = cache(kil_version.product_version)
SYNTHETIC_CAPTION = "SYNTHETIC DEMO DATA: not a fact about any council or organisation."


def build_info() -> dict:
    """The warehouse build the export reads (id and date)."""
    from dashboard import db

    return db.build_info()


def caption(item, filters, council_name: str, built_at) -> str:
    """The caption an image carries: source, every licence (the registers' too, which the on-screen caption only
    counts), filters, build date (and SYNTHETIC first when it is)."""
    from dashboard import sources

    licences = sources.licences(item.datasets, item.council) if item.datasets else []
    parts = [SYNTHETIC_CAPTION if item.synthetic else "",
             sources.line(item.datasets, item.council) if item.datasets else "",
             f"Licences: {'; '.join(licences)}." if licences else "",   # an image travels without the page
             f"Filters: {filters.describe(council_name)}.",
             f"Warehouse built {built_at:%d %B %Y}. {PRODUCT}."]
    return " ".join(p for p in parts if p)


def sheet(item, filters, council_name: str, built_at) -> dict[str, str]:
    """The XLSX `about` sheet: field -> value."""
    return {"title": item.title, "caption": item.caption,
            "source and licence": caption(item, filters, council_name, built_at), "synthetic": str(item.synthetic)}


def base_url(served: str | None = None, page_id: str | None = None) -> str:
    """The app's root address: the configured public address, else the one this page was served from (`served`,
    st.context.url: scheme, host, port and the page's path, which is taken off), else the local app's."""
    configured = config.public_url()
    if configured:
        return configured.rstrip("/")
    if not served:
        return config.LOCAL_URL
    root = served.split("#")[0].split("?")[0].rstrip("/")
    path = pages.BY_ID[page_id].url_path if page_id in pages.BY_ID else ""
    return root[:-len(path) - 1] if path and root.endswith("/" + path) else root


def permalink(page_id: str, filters, options: dict | None = None, base: str | None = None) -> str:
    """The page with these filters and page options (the view's `options`), under `base` (default: base_url());
    the default page is the root. An option named like a filter takes its URL name from filters.OPTION_PARAMS."""
    from dashboard.filters import OPTION_PARAMS

    params = filters.as_params()
    for key, value in (options or {}).items():
        if value is not None:
            params[OPTION_PARAMS.get(key, key)] = str(value)
    return f"{(base or base_url()).rstrip('/')}/{pages.BY_ID[page_id].url_path}?{urlencode(params)}"


def citation(view, link: str, info: dict, version: str) -> str:
    """Publisher (year of the warehouse build). Product, version. Title. Filters. Build. Address (accessed date)."""
    return (f"{config.PUBLISHER} ({info['built_at']:%Y}). {PRODUCT}, version {version}. “{view.title}”. "
            f"Filters: {view.filters.describe(view.council_name)}. Warehouse build {info['build_id']} of "
            f"{info['built_at']:%d %B %Y}. {link} (accessed {date.today():%d %B %Y})."
            + (" Contains SYNTHETIC demo data." if view.synthetic else ""))


def cite(view, base: str | None = None, info: dict | None = None) -> str:
    """"Cite this view": the citation of the view's bundle (metadata.json `citation`), under `base`."""
    info = info or build_info()
    return citation(view, permalink(view.page_id, view.filters, view.options, base), info,
                    product_version())


def _filters(f, council_name: str) -> dict:
    """Every filter (service None: all service areas), with its label and the filters in words."""
    from dashboard.filters import ALL_SERVICES, GROUPS, KEYS, MEASURES, PERIODS

    return {k: getattr(f, k) for k in KEYS} | {
        "description": f.describe(council_name), "group_label": GROUPS[f.group], "period_label": PERIODS[f.period],
        "service_label": ALL_SERVICES if f.service is None else f.service, "measure_label": MEASURES[f.measure]}


def _cited(view) -> dict[str | None, tuple[str, ...]]:
    """Council -> the datasets the view's items cite for it (None: every council's files, as on Compare areas)."""
    cited: dict[str | None, dict[str, None]] = {}
    for item in view.items:
        cited.setdefault(item.council, {}).update(dict.fromkeys(item.datasets))
    return {council: tuple(datasets) for council, datasets in cited.items() if datasets}


def _union(lists) -> list:
    out: list = []
    for values in lists:
        out += [v for v in values if v not in out]
    return out


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def metadata(view, info: dict | None = None, files: dict[str, list[str]] | None = None,
             images: dict | None = None, base: str | None = None) -> dict:
    """metadata.json of a page's bundle. `files`: item id -> the bundle's files of that item; `images`: what was
    rendered, at which size, or why not; `base`: the app's address (base_url)."""
    from dashboard import sources
    from dashboard.export.data import table

    info = info or build_info()
    link = permalink(view.page_id, view.filters, view.options, base)
    version = product_version()
    files = files or {}
    page = pages.BY_ID[view.page_id]
    cited = _cited(view)
    return {
        "title": view.title,
        "page": {"id": page.id, "title": page.title, "path": page.url_path},
        "council": {"code": view.filters.council, "name": view.council_name},
        "filters": _filters(view.filters, view.council_name),
        "options": view.options,
        "permalink": link,
        "warehouse": {"build_id": info["build_id"], "built_at": _iso(info["built_at"])},
        "product": {"name": PRODUCT, "version": version, "publisher": config.PUBLISHER},
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "citation": citation(view, link, info, version),
        "synthetic": view.synthetic,
        "synthetic_items": [i.id for i in view.items if i.synthetic],
        "synthetic_note": view.banner,
        "notes": view.notes,
        "empty": view.empty,
        "sources": _union(sources.describe(d, c) for c, d in cited.items()),
        "licences": _union(sources.licences(d, c) for c, d in cited.items()),
        "attribution": _union(sources.attributions(d, c) for c, d in cited.items()),
        "indicators": [{"id": i.id, "name": i.name, "principle": i.principle, "definition": i.definition,
                        "unit": i.unit, "higher_is_better": i.higher_is_better}
                       for i in indicators.INDICATORS.values()],
        "items": [{"id": i.id, "title": i.title, "kind": "chart" if i.fig is not None else "table",
                   "section": i.section, "caption": i.caption, "datasets": list(i.datasets), "council": i.council,
                   "synthetic": i.synthetic, "rows": len(i.data),
                   "columns": list(table(i, view.filters.measure).columns), "files": files.get(i.id, [])}
                  for i in view.items],
        "images": images or {},
        "methods": "METHODS.md",
    }
