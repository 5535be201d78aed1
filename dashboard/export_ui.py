"""Download buttons: under every chart and table its data, and a bundle for the whole page."""
from __future__ import annotations

import streamlit as st


def downloads(item) -> None:
    st.download_button("Download data (CSV)", item.data.to_csv(index=False).encode("utf-8"),
                       file_name=f"{item.id}.csv", mime="text/csv", key=f"csv-{item.id}", on_click="ignore")


def page_downloads(view) -> None:
    """The page's bundle (added with the export module)."""
