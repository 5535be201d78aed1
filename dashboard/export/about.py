"""What travels with an exported file: the caption an image carries, the XLSX `about` sheet, a page's permalink, its
suggested citation and the bundle's metadata.json.

Sources, licences and attributions are read from the load ledger (dashboard/sources.py), pages from the page
registry (dashboard/pages.py), the permalink's base from `kil.config.BASE_URL`.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from urllib.parse import urlencode

from dashboard import pages
from kil import config, indicators
from kil import version as kil_version

PRODUCT = "Keep it Local dashboard"
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


def permalink(page_id: str, filters) -> str:
    """The page with these filters, under the app's public address (the default page is the root)."""
    return f"{config.BASE_URL.rstrip('/')}/{pages.BY_ID[page_id].url_path}?{urlencode(filters.as_params())}"


def citation(view, link: str, info: dict, version: str) -> str:
    return (f"{PRODUCT} ({version}). “{view.title}”. Filters: {view.filters.describe(view.council_name)}. "
            f"Warehouse build {info['build_id']} of {info['built_at']:%d %B %Y}. {link} (accessed "
            f"{date.today():%d %B %Y})." + (" Contains SYNTHETIC demo data." if view.synthetic else ""))


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
             images: dict | None = None) -> dict:
    """metadata.json of a page's bundle. `files`: item id -> the bundle's files of that item; `images`: what was
    rendered, at which size, or why not."""
    from dashboard import sources
    from dashboard.export.data import table

    info = info or build_info()
    link = permalink(view.page_id, view.filters)
    version = kil_version.product_version()
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
        "product": {"name": PRODUCT, "version": version},
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
    }
