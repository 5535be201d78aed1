"""Download buttons under every chart: the chart's data as CSV (more formats come with the export module)."""
from __future__ import annotations

import streamlit as st


def downloads(fig, data, key: str) -> None:
    st.download_button("Download data (CSV)", data.to_csv(index=False).encode("utf-8"), file_name=f"{key}.csv",
                       mime="text/csv", key=f"csv-{key}", on_click="ignore")
