"""Small layout pieces every page uses: a chart with its data table, the synthetic banner, tiles."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts

SYNTHETIC_NOTE = ("**Synthetic demo data.** No public source holds this, so the figures here were generated to show "
                  "how the view works. They are not facts about any council or organisation.")


def synthetic_banner(what: str = "") -> None:
    st.warning(SYNTHETIC_NOTE + (f" ({what})" if what else ""), icon=":material/science:")


def chart(fig, data: pd.DataFrame, key: str, caption: str = "") -> None:
    """A chart, its caption, and its data as a table (the chart's text alternative), with downloads."""
    title = fig.layout.title.text or key
    st.plotly_chart(fig, key=f"chart-{key}", config={"displaylogo": False}, alt=title)
    if caption:
        st.caption(caption)
    with st.expander(f"Data behind this chart ({len(data)} rows)"):
        st.dataframe(data, hide_index=True, key=f"table-{key}")
        from dashboard import export_ui

        export_ui.downloads(fig, data, key)


def tile(col, name: str, value: str, delta: str | None, sentence: str, help_text: str, synthetic: bool = False,
         direction: str = "off"):
    """A principle's tile. `direction`: normal (higher is better), inverse (lower is better) or off."""
    with col.container(border=True):
        st.metric(name + (" (synthetic)" if synthetic else ""), value, delta, help=help_text, delta_color=direction)
        st.caption(sentence)
