"""The frame every page runs in: page config, navigation, shared filters, footer with sources and build date."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import db, filters as shared_filters

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
PAGES = [  # (file, title, icon), in navigation order
    ("overview.py", "Overview", ":material/dashboard:"),
    ("local_spend.py", "Local spend", ":material/payments:"),
    ("neighbourhoods.py", "Neighbourhoods", ":material/map:"),
    ("asset_transfers.py", "Asset transfers", ":material/home_work:"),
    ("social_care.py", "Social care", ":material/volunteer_activism:"),
    ("compare_areas.py", "Compare areas", ":material/compare_arrows:"),
    ("covid_context.py", "Covid context", ":material/coronavirus:"),
    ("data_and_methods.py", "Data and methods", ":material/menu_book:"),
]


def footer() -> None:
    info = db.build_info()
    st.divider()
    st.caption(
        "Sources: council spend files (Bradford, Calderdale, Leeds, Newcastle, Wakefield) via ODI Leeds; ONS "
        "boundaries; MHCLG English Indices of Deprivation 2019; UKHSA Covid-19 cases; Oflog adult social care "
        "measures; Charity Commission, UK-CAT, CIC and Co-operatives UK registers; OS Code-Point Open. "
        "Contains public sector information licensed under the Open Government Licence v3.0. Contains OS data "
        "© Crown copyright and database right 2016–2025. Contains Royal Mail data © Royal Mail copyright and "
        "database right 2025. Bristol spend, asset transfer registers and Make it Local pilot figures are "
        "synthetic demo data. Full attributions: Data and methods."
    )
    st.caption(f"Warehouse build {info['build_id']} of {info['built_at']:%d %B %Y %H:%M}.")


def run() -> None:
    st.set_page_config(page_title="Keep it Local: community-powered recovery", page_icon=":material/diversity_3:",
                       layout="wide")
    try:
        db.build_info()
    except db.NoWarehouse as exc:
        st.error(str(exc))
        st.stop()
    pages = [st.Page(PAGES_DIR / name, title=title, icon=icon, default=(i == 0))
             for i, (name, title, icon) in enumerate(PAGES)]
    page = st.navigation(pages)
    st.session_state.filters = shared_filters.sidebar()
    page.run()
    footer()


def filters() -> shared_filters.Filters:
    """The shared filters. When Streamlit runs a page file on its own (a deep link that reaches a fresh server
    before app.py has declared the navigation), run the whole frame instead, which runs this page inside it."""
    f = st.session_state.get("filters")
    if f is None:
        run()
        st.stop()
    return f
