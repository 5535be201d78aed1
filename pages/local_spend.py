"""Local spend: who the council pays, by supplier class and locality, with unknown always visible."""
import streamlit as st

from dashboard import frame, charts, queries, ui
from dashboard.queries import CLASS_LABELS

f = frame.filters()
council = queries.council(f.council)
name = council["name"]
st.title(f"{name}: local spend")
st.write("Principle: **increase local spend**. Monthly spend with external suppliers by what they are and where "
         "they are based, by payment month. Public spend files rarely say either, so *unknown* is shown with its "
         "share, never hidden or guessed.")

by_class = queries.spend_by(f.council, f.period, f.service, f.measure, "class")
if by_class["amount"].isna().all():
    st.info(f"No spend data is loaded for {name}. Of the Keep it Local Network, the product holds published "
            "spend for Bradford (2019), Calderdale, Leeds, Newcastle and Wakefield, and synthetic demo spend for "
            "Bristol. See Data and methods for what is missing and why.", icon=":material/info:")
    st.stop()
if by_class["synthetic"].any():
    ui.synthetic_banner("Bristol spend")

tab_class, tab_locality, tab_service, tab_suppliers, tab_grants = st.tabs(
    ["By supplier class", "By locality", "By service area", "Top suppliers", "Grants"])
with tab_class:
    ui.chart(charts.stacked_spend(by_class, "class", f.measure, name), by_class, "spend-by-class",
             "Net spend (credits negative) by payment month, grouped by the period filter.")
    ui.chart(charts.shares(by_class, "class", name), by_class, "class-shares")
    st.subheader("Drill through to the lines")
    cls = st.selectbox("Supplier class", list(CLASS_LABELS), format_func=CLASS_LABELS.get, key="drill-class")
    lines = queries.supplier_lines(f.council, cls, f.service)
    st.caption("The 500 largest lines of this class, each with the file and row it came from. Names of people "
               "are never shown.")
    st.dataframe(lines, hide_index=True, key="drill-lines")
with tab_locality:
    by_loc = queries.spend_by(f.council, f.period, f.service, f.measure, "locality")
    known = queries.classified_share(f.council)
    lk = known["locality_known"].iloc[0] if len(known) else None
    st.metric("Locality known for", "n/a" if lk is None or lk != lk else f"{lk:.0%} of spend",
              help="A supplier's locality comes from a council's own supplier register or a matched register "
                   "postcode; most published spend has neither.")
    ui.chart(charts.stacked_spend(by_loc, "locality", f.measure, name), by_loc, "spend-by-locality")
with tab_service:
    svc = queries.spend_by_service(f.council, f.period, f.measure)
    st.caption("Service areas are the council's own names and are never compared across councils.")
    ui.chart(charts.by_service(svc, f.measure, name), svc, "spend-by-service")
with tab_suppliers:
    top = queries.top_suppliers(f.council)
    ui.chart(charts.top_suppliers(top, name), top, "top-suppliers",
             "Organisations are named only on positive evidence of being an organisation; individuals and "
             "suppliers without such evidence are grouped without names.")
with tab_grants:
    grants = queries.spend_by(f.council, f.period, f.service, f.measure, "grant")
    ui.chart(charts.stacked_spend(grants, "grant", f.measure, name), grants, "grants",
             "Grants are lines in the council's named grant categories; 'unknown' where a council publishes no "
             "category column.")
