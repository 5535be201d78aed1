"""The frame every page runs in: page config, navigation, shared filters, footer with sources and build date.

Pages live in app_pages/ (listed in dashboard/pages.py): Streamlit treats a folder named `pages/` as its legacy
auto-discovery mode. A page run reads one warehouse build, pinned here for the whole run (dashboard/db.py).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import db, filters as shared_filters, pages, sources

FAVICON = Path(__file__).resolve().parent / "favicon.png"   # served by the app itself, not by a font CDN


def footer(info: dict) -> None:
    st.divider()
    st.caption("Sources: " + " ".join(sources.attributions()) + " " + sources.synthetic()
               + " Sources and licences in full: Data and methods.")
    st.caption(f"Warehouse build {info['build_id']} of {info['built_at']:%d %B %Y %H:%M}.")


def run() -> None:
    st.set_page_config(page_title="Keep it Local: community-powered recovery", page_icon=str(FAVICON),
                       layout="wide")
    try:
        with db.pinned() as info:
            nav = st.navigation([st.Page(p.file, title=p.title, icon=p.icon, default=(i == 0))
                                 for i, p in enumerate(pages.PAGES + pages.TOOLS)])
            st.session_state.filters = shared_filters.sidebar()
            nav.run()
            footer(info)
    except db.NoWarehouse as exc:
        st.error(str(exc))


def filters() -> shared_filters.Filters:
    """The shared filters of this run (set by run() before the page runs)."""
    return st.session_state.filters
