"""Covid context: weekly cases per 100,000, the council against its group and England."""
import streamlit as st

from dashboard import frame, charts, queries, ui
from dashboard.filters import GROUPS

f = frame.filters()
council = queries.council(f.council)
name = council["name"]
st.title(f"{name}: Covid context")
st.write("Principle: **think about the whole system**. The pandemic is the backdrop to every recovery figure: "
         "weekly confirmed cases per 100,000 residents (UKHSA). Weeks an area did not report are gaps, not zeros; "
         "partial weeks are flagged in the data.")
df = queries.covid(f.council, f.group)
fig = charts.lines(df, "week_ending", {"council_rate": name, "group_median": f"{GROUPS[f.group]} median",
                                       "england_rate": "England"},
                   f"{name}: weekly Covid-19 cases per 100,000", "cases per 100,000",
                   dash={"england_rate": "dot"})
ui.chart(fig, df, "covid")
