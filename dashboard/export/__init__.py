"""Exports: what is on screen (a View, dashboard/views.py), written to files. One module per job:

    data.py       a chart's or table's rows as CSV, XLSX or Parquet: units in the column names, formulas neutralised
    about.py      what travels with a file: image captions, the XLSX about sheet, metadata.json, citation, permalink
    images.py     chart images (PNG, SVG, PDF) through kaleido's public sync server and Debian's chromium
    bundle.py     a page as a zip: charts, data and metadata.json
    __main__.py   `python -m dashboard.export --council GSS --page ID --out DIR`: the bundle without a browser session

The download buttons are dashboard/export_ui.py. Import what you use from the module it lives in; this package
re-exports nothing.
"""
from __future__ import annotations


def quiet_streamlit() -> None:
    """Queries are cached with Streamlit's cache, which works outside a server but warns on every cached function
    there: silence that (the command line, tests and benchmarks run without a server)."""
    import streamlit.logger

    streamlit.logger.set_log_level("error")
