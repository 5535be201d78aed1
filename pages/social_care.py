"""Social care: Oflog adult social care measures, and Bristol's Make it Local pilot (synthetic)."""
import streamlit as st

from dashboard import frame, charts, queries, ui
from dashboard.filters import GROUPS

f = frame.filters()
council = queries.council(f.council)
name = council["name"]
st.title(f"{name}: adult social care")
st.write("Principle: **focus on early intervention**. Oflog's adult social care measures by financial year: the "
         f"council, the {GROUPS[f.group]} median and the England median.")
care = queries.social_care(f.council, f.group)
responsible = care["responsible_code"].iloc[0] if len(care) else f.council
if responsible != f.council:
    other = queries.council(responsible)
    st.info(f"{name} is a district: adult social care here is provided by {other['name']}, so its figures are "
            "shown.", icon=":material/info:")
for measure_id, m in care.groupby("measure_id", sort=True):
    first = m.iloc[0]
    better = {True: "higher is better", False: "lower is better"}.get(first["higher_is_better"], "no better direction")
    fig = charts.lines(m, "financial_year", {"value": name, "group_median": f"{GROUPS[f.group]} median",
                                              "england_median": "England median"},
                       f"{measure_id} {first['name']}", first["unit"], dash={"england_median": "dot"})
    ui.chart(fig, m.drop(columns=["responsible_code"]), f"care-{measure_id}", f"{first['unit']}; {better}.")

if council.get("make_it_local"):
    st.header("Make it Local pilot")
    ui.synthetic_banner("Make it Local pilot metrics: 7 fictional organisations")
    pilot = queries.pilot_metrics()
    metric = st.selectbox("Metric", sorted(pilot["metric"].unique()), key="pilot-metric")
    shown = pilot[pilot["metric"] == metric]
    ui.chart(charts.pilot(shown, metric, shown["unit"].iloc[0]), shown, "pilot")
