"""Data and methods: indicator definitions, sources and licences, the load ledger and rejects."""
import pandas as pd
import streamlit as st

from dashboard import frame, queries
from kil import indicators

frame.filters()
st.title("Data and methods")
st.header("Indicators and the Keep it Local principles")
table = pd.DataFrame([{"principle": i.principle, "indicator": i.name, "definition": i.definition, "unit": i.unit,
                       "higher is better": i.higher_is_better,
                       "baseline": "FY2019/20 (pre-Covid) against FY2021/22 (recovery) where data allows",
                       "England figure": "median of councils with real data" if i.england else "n/a"}
                      for i in indicators.INDICATORS.values()])
for p in indicators.PRINCIPLES:
    if p not in set(table["principle"]):
        table.loc[len(table)] = {"principle": p, "indicator": "no measure yet",
                                 "definition": indicators.NO_MEASURE.get(p, ""), "unit": "", "higher is better": None,
                                 "baseline": "", "England figure": "n/a"}
st.dataframe(table, hide_index=True, key="indicator-table")

st.header("Sources, licences and attribution")
sources = queries.sources(("spend", "councils", "neighbourhoods", "msoas", "covid_cases", "social_care",
                           "postcodes", "charities", "asset_transfers", "pilot_metrics"))
st.dataframe(sources, hide_index=True, key="sources")
st.header("What was loaded")
st.dataframe(queries.ledger(), hide_index=True, key="ledger")
st.subheader("Rejected rows by reason")
st.dataframe(queries.rejects_by_reason(), hide_index=True, key="rejects")
