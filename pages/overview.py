"""Overview: one glance per Keep it Local principle, the council against its comparison group and England."""
import streamlit as st

from dashboard import frame, charts, overview, queries, ui
from dashboard.filters import GROUPS

f = frame.filters()
council = queries.council(f.council)
st.title(f"{council['name']}: Keep it Local at a glance")
st.write("Is money moving from mega-outsourcing to local community organisations, are buildings passing into "
         "community hands, and are community-led services doing better? One tile per Keep it Local principle: "
         f"the latest value, its change from the pre-Covid baseline (FY2019/20), the {GROUPS[f.group]} median "
         "and England.")
if council.get("make_it_local") or council["code"] == "E06000023":
    ui.synthetic_banner("Bristol's spend, asset transfers and Make it Local pilot figures")

tiles = overview.tiles(f.council, f.group)
for row in range(0, len(tiles), 3):
    cols = st.columns(3)
    for col, t in zip(cols, tiles[row:row + 3]):
        ui.tile(col, t["principle"].capitalize(), t["value"], t["delta"], t["sentence"], t["definition"],
                t["synthetic"], t["direction"])

st.subheader("What the figures rest on")
cov = overview.coverage_summary(f.council)
st.dataframe(cov, hide_index=True, key="coverage-summary")
months = queries.coverage(f.council)
if len(months):
    spend = months[months["dataset"] == "spend"]
    fig = charts.counts(spend.assign(lines=spend["lines"]), "month", "lines", "status",
                        f"{council['name']}: spend lines by payment month and coverage status",
                        bool((spend["status"] == "synthetic").any()))
    ui.chart(fig, spend, "coverage", "Complete: a published file covers the month. Partial: lines dated in the "
             "month but no file for it. Missing: nothing published here. Months with no data are gaps, not zeros.")
