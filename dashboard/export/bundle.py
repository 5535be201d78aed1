"""A page as one zip: every chart as PNG and SVG (`charts/`), the data of every chart and table as CSV (`data/`),
metadata.json (dashboard/export/about.py) and METHODS.md (dashboard/methods.py: how every figure is made). The button at the bottom of a page and the command line write the
same bundle. All the page's images are rendered in one request (dashboard/export/images.py).
"""
from __future__ import annotations

import io
import json
import zipfile

from dashboard.export import about, data, images

MIME = "application/zip"
IMAGE_FORMATS = ("png", "svg")
NOT_ASKED = "images not asked for"
METHODS = "METHODS.md"


def bundle_name(view) -> str:
    return f"keep-it-local-{view.page_id}-{view.filters.council}{'.synthetic' if view.synthetic else ''}.zip"


def _charts(view, built_at, width: int, height: int) -> list[tuple[str, str, bytes]]:
    """(item id, file name, image) of every chart, in every bundle format, from one render request."""
    charts = [i for i in view.items if i.fig is not None]
    figs, sizes, names = [], [], []
    for item in charts:
        fig = images.export_figure(item, about.caption(item, view.filters, view.council_name, built_at), width,
                                   height)
        for fmt in IMAGE_FORMATS:
            figs.append(fig)
            sizes.append((fmt, width, height))
            names.append((item.id, f"charts/{data.file_stem(item)}.{fmt}"))
    return [(item_id, name, png_or_svg) for (item_id, name), png_or_svg in zip(names, images.render(figs, sizes))]


def bundle(view, width: int = images.DEFAULT_WIDTH, height: int = images.DEFAULT_HEIGHT,
           with_images: bool = True, base: str | None = None) -> bytes:
    """The page as a zip; metadata.json says which images were rendered, or why none were. `base`: the app's
    address for the permalink (about.base_url)."""
    from dashboard import methods   # reads the warehouse: imported when a bundle is made (see export/__init__.py)

    info = about.build_info()
    measure = view.filters.measure
    files: dict[str, list[str]] = {}
    entries: list[tuple[str, bytes]] = []
    for item in view.items:
        name = f"data/{data.file_stem(item)}.csv"
        entries.append((name, data.data_bytes(item, measure, "csv")))
        files.setdefault(item.id, []).append(name)
    note = {"width": width, "height": height, "formats": list(IMAGE_FORMATS), "rendered": False, "reason": None}
    has_charts = any(i.fig is not None for i in view.items)
    if has_charts and not with_images:
        note["reason"] = NOT_ASKED
    elif has_charts and not images.images_available():
        note["reason"] = images.unavailable_reason()
    elif has_charts:
        try:
            for item_id, name, image in _charts(view, info["built_at"], width, height):
                entries.append((name, image))
                files[item_id].append(name)
            note["rendered"] = True
        except images.ImagesUnavailable as exc:
            note["reason"] = str(exc)
    meta = about.metadata(view, info, files, note, base)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps(meta, indent=2, ensure_ascii=False, default=str))
        zf.writestr(METHODS, methods.text(info, meta["product"]["version"]))
        for name, content in entries:   # PNG is compressed already
            zf.writestr(name, content, compress_type=zipfile.ZIP_STORED if name.endswith(".png") else
                        zipfile.ZIP_DEFLATED)
    return buf.getvalue()
