"""Download buttons: under every chart and table its data (CSV, XLSX, Parquet) and, for charts, the image (PNG, SVG,
PDF); at the bottom of the page a zip bundle of the whole page. Files are made when a button is clicked (Streamlit
calls the `data` callable then), never on a rerun, so the page costs nothing until someone downloads.
"""
from __future__ import annotations

import streamlit as st

from dashboard.export import about, bundle, data, images

SIZES = {"1200x700": (1200, 700), "1600x900": (1600, 900), "800x600": (800, 600), "2400x1400": (2400, 1400)}
DATA_LABELS = {"csv": "Download data (CSV)", "xlsx": "Download data (Excel XLSX)",
               "parquet": "Download data (Parquet)"}
DATA_HELP = {"csv": "The rows shown, as comma-separated text (UTF-8), units in the column names.",
             "xlsx": "The rows shown, as an Excel workbook, with a sheet on where they come from.",
             "parquet": "The rows shown, as a typed Parquet file for analysis tools."}
IMAGE_LABELS = {"png": "Download chart (PNG image)", "svg": "Download chart (SVG image)",
                "pdf": "Download chart (PDF)"}


def _context():
    """What a file needs that the Item does not carry: filters, council name and build date (read on the run,
    since the download callables run outside the script)."""
    from dashboard import db, queries

    f = st.session_state.get("filters")
    name = queries.council(f.council).get("name", f.council) if f is not None else ""
    return f, name, db.build_info()["built_at"]


def _data(item, measure: str, fmt: str, sheet: dict | None):
    return lambda: data.data_bytes(item, measure, fmt, sheet)


def _image(item, caption: str, fmt: str, size: tuple[int, int]):
    return lambda: images.image_bytes(item, caption, fmt, *size)


def downloads(item) -> None:
    f, name, built_at = _context()
    measure = f.measure if f is not None else "total"
    sheet = about.sheet(item, f, name, built_at) if f is not None else None
    stem = data.file_stem(item)
    cols = st.columns(3)
    for col, fmt in zip(cols, data.FORMATS):
        col.download_button(DATA_LABELS[fmt], _data(item, measure, fmt, sheet), file_name=f"{stem}.{fmt}",
                            mime=data.MIME[fmt], key=f"{fmt}-{item.id}", on_click="ignore", help=DATA_HELP[fmt],
                            icon=":material/download:")
    if item.fig is None:
        return
    if not images.images_available():
        st.caption(images.unavailable_reason())
        return
    caption = about.caption(item, f, name, built_at) if f is not None else item.title
    size = SIZES[st.selectbox("Image size (pixels, width x height)", list(SIZES), key=f"imgsize-{item.id}",
                              help="Images carry the chart's title and a caption with source, licence, filters "
                                   "and build date.")]
    cols = st.columns(3)
    for col, fmt in zip(cols, images.FORMATS):
        col.download_button(IMAGE_LABELS[fmt], _image(item, caption, fmt, size), file_name=f"{stem}.{fmt}",
                            mime=images.MIME[fmt], key=f"{fmt}-{item.id}", on_click="ignore",
                            help=f"Rendered when clicked ({size[0]}x{size[1]} pixels); takes a second.",
                            icon=":material/image:")


def page_downloads(view, base: str | None = None) -> None:
    """The page's bundle: every chart (PNG and SVG), its data (CSV) and metadata.json; `base`: the app's address
    (read on the run: the callable runs outside it)."""
    if view.empty or not view.items:
        return
    st.divider()
    has_charts = any(i.fig is not None for i in view.items)
    with_images = has_charts and images.images_available()
    what = "every chart (PNG and SVG), " if with_images else ""
    st.download_button("Download this page (zip)", lambda: bundle.bundle(view, with_images=with_images, base=base),
                       file_name=bundle.bundle_name(view), mime=bundle.MIME, key=f"bundle-{view.page_id}",
                       on_click="ignore", icon=":material/folder_zip:",
                       help=f"A zip of {what}the data of every chart and table (CSV) and metadata.json: sources, "
                            "licences, filters, permalink, warehouse build and a suggested citation.")
    missing_images = "" if with_images or not has_charts else " " + images.unavailable_reason()
    st.caption("The bundle is made when you click: " + what + "data and metadata." + missing_images)


def cite(view, base: str) -> None:
    """"Cite this view": the bundle's citation, with a copy button (st.code's)."""
    with st.expander("Cite this view", icon=":material/format_quote:"):
        st.code(about.cite(view, base), language=None, wrap_lines=True)
        st.caption("The address holds every filter and page option. Opening it restores the filters; the page's own "
                   "options (a chart's indicator or year, a drill class) are not read back from it yet.")
