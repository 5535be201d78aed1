"""Lay a View out on screen: banner, tiles, each chart with its caption, sources and data table, downloads."""
from __future__ import annotations

import streamlit as st

from dashboard import db, export_ui, sources
from dashboard.export import about
from dashboard.views import Item, View

SYNTHETIC_NOTE = ("**Synthetic demo data.** No public source holds this, so the figures here were generated to show "
                  "how the view works. They are not facts about any council or organisation.")


def synthetic_banner(what: str = "") -> None:
    st.warning(SYNTHETIC_NOTE + (f" ({what})" if what else ""), icon=":material/science:")


def caption(item: Item) -> str:
    built = db.build_info()["built_at"]
    parts = [item.caption, sources.line(item.datasets, item.council) if item.datasets else "",
             f"Warehouse built {built:%d %B %Y}."]
    if item.synthetic:
        parts.insert(0, "SYNTHETIC DEMO DATA.")
    return " ".join(p for p in parts if p)


def show_item(item: Item) -> None:
    if item.fig is not None:
        st.plotly_chart(item.fig, key=f"chart-{item.id}", config={"displaylogo": False}, alt=item.title, theme=None)
        st.caption(caption(item))
        with st.expander(f"Data behind this chart ({len(item.data)} rows)"):
            table(item)
            export_ui.downloads(item)
    else:
        st.markdown(f"**{item.title}**" + (" — synthetic demo data" if item.synthetic else ""))
        table(item)
        st.caption(caption(item))
        export_ui.downloads(item)


def table(item: Item) -> None:
    """A table as shown: dates without times, money with pence; the data itself is untouched for exports."""
    config = {}
    for column, dtype in item.data.dtypes.items():
        if str(dtype).startswith("datetime"):
            config[column] = st.column_config.DateColumn(format="YYYY-MM-DD")
        elif column in ("amount", "supplier_spend", "market_value", "discount") and dtype.kind == "f":
            config[column] = st.column_config.NumberColumn(format="£%.2f")
    st.dataframe(item.data, hide_index=True, key=f"table-{item.id}", column_config=config)


def tiles(view: View) -> None:
    for row in range(0, len(view.tiles), 3):
        cols = st.columns(3)
        for col, t in zip(cols, view.tiles[row:row + 3]):
            with col.container(border=True):
                label = t["principle"].capitalize() + (f", {t['period']}" if t["period"] else "")
                st.metric(label + (" (synthetic)" if t["synthetic"] else ""), t["value"],
                          t["delta"], help=t["definition"], delta_color=t["direction"])
                st.caption(t["sentence"])


def header(view: View) -> None:
    st.title(view.title)
    st.markdown(view.intro)


def render(view: View, top=None) -> None:
    """The whole page. `top`: a container above the page's own widgets, for the title and introduction."""
    with top if top is not None else st.container():
        header(view)
    if view.banner:
        synthetic_banner(view.banner)
    for note in view.notes:
        st.info(note, icon=":material/info:")
    base = about.base_url(st.context.url, view.page_id)   # where this page was served from, unless configured
    if view.empty:
        st.info(view.empty, icon=":material/info:")
        export_ui.cite(view, base)
        return
    tiles(view)
    section = ""
    for item in view.items:
        if item.section and item.section != section:
            section = item.section
            st.subheader(section)
        show_item(item)
    if view.text:
        st.divider()
        st.markdown(view.text)
    export_ui.page_downloads(view, base)
    export_ui.cite(view, base)
