"""Neighbourhoods: wards by deprivation, supplier-base spend, asset transfers and the pilot."""
import streamlit as st

from dashboard import frame, charts, queries, ui

f = frame.filters()
council = queries.council(f.council)
name = council["name"]
st.title(f"{name}: neighbourhoods")
st.write("Principle: **coordinate services at neighbourhood level**. Wards by deprivation (IMD 2019, an "
         "unofficial aggregation of LSOA scores to wards), with spend by where suppliers are based, where that is "
         "known.")
wards = queries.wards(f.council)
if wards.empty:
    st.info(f"Ward boundaries are shipped for Bradford, Bristol, Calderdale, Leeds, Newcastle and Wakefield; "
            f"not for {name}.", icon=":material/info:")
    st.stop()
INDICATORS = {"imd_score": "IMD 2019 score", "supplier_spend": "Spend with suppliers based in the ward (£)",
              "transfers": "Completed community asset transfers"}
choice = st.radio("Colour wards by", list(INDICATORS), format_func=INDICATORS.get, horizontal=True,
                  key="ward-indicator")
synthetic = choice == "transfers" or (choice == "supplier_spend" and bool(wards["spend_synthetic"].fillna(False).any()))
if synthetic:
    ui.synthetic_banner()
shown = wards.drop(columns=["geometry_geojson"])
if wards[choice].notna().sum() == 0:
    st.info("No ward has data for this measure here: supplier locations are known only where a council "
            "publishes a supplier register (Bristol's is synthetic).", icon=":material/info:")
ui.chart(charts.choropleth(wards, choice, INDICATORS[choice], name, synthetic), shown, f"ward-map-{choice}",
         "Two Leeds wards have new codes since 2019, so their IMD is missing, not zero.")
if choice != "imd_score":
    ui.chart(charts.scatter_vs_deprivation(wards, choice, INDICATORS[choice], name, synthetic), shown,
             f"ward-scatter-{choice}")
