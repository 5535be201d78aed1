"""Asset transfers: buildings and land passing into community hands (synthetic demo registers)."""
import streamlit as st

from dashboard import frame, charts, queries, ui

f = frame.filters()
council = queries.council(f.council)
name = council["name"]
st.title(f"{name}: community asset transfers")
st.write("Principle: **commit to your community**. No council publishes its asset transfer register in a common "
         "form, so every figure on this page is synthetic, sized from published totals (Bradford: 36 completed "
         "since its 2015 policy and 63 in progress; Bristol: over 150 properties leased to voluntary and "
         "community organisations; England: about 350 transfers a year).")
ui.synthetic_banner("asset transfer registers")
assets = queries.assets(f.council)
if assets.empty:
    st.info(f"No asset transfer register (not even a synthetic one) for {name}.", icon=":material/info:")
else:
    by_type = assets.groupby(["asset_type", "status"], as_index=False).size().rename(columns={"size": "transfers"})
    ui.chart(charts.counts(by_type, "asset_type", "transfers", "status", f"{name}: transfers by asset type",
                           True), by_type, "assets-by-type")
    assets["year"] = assets["date_agreed"].astype("datetime64[ns]").dt.year
    by_year = assets.groupby(["year", "tenure"], as_index=False).size().rename(columns={"size": "transfers"})
    ui.chart(charts.counts(by_year, "year", "transfers", "tenure", f"{name}: transfers by year agreed and tenure",
                           True), by_year, "assets-by-year")
    st.subheader("Register")
    st.dataframe(assets, hide_index=True, key="asset-register")
net = queries.assets_network()
ui.chart(charts.counts(net, "name", "transfers", "status", "Keep it Local Network: transfers by council", True),
         net, "assets-network")
