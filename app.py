"""The frame: page config, shared sidebar filters, navigation, and the footer with sources."""
from __future__ import annotations

import streamlit as st

from dashboard import db, filters, queries

st.set_page_config(page_title="Keep it Local: community-powered recovery", page_icon=":material/diversity_3:",
                   layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/local_spend.py", title="Local spend", icon=":material/payments:"),
    st.Page("pages/neighbourhoods.py", title="Neighbourhoods", icon=":material/map:"),
    st.Page("pages/asset_transfers.py", title="Asset transfers", icon=":material/home_work:"),
    st.Page("pages/social_care.py", title="Social care", icon=":material/volunteer_activism:"),
    st.Page("pages/compare_areas.py", title="Compare areas", icon=":material/compare_arrows:"),
    st.Page("pages/covid_context.py", title="Covid context", icon=":material/coronavirus:"),
    st.Page("pages/data_and_methods.py", title="Data and methods", icon=":material/menu_book:"),
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


try:
    db.build_info()
except db.NoWarehouse as exc:
    st.error(str(exc))
    st.stop()

page = st.navigation(PAGES)
st.session_state.filters = filters.sidebar()
page.run()
footer()
