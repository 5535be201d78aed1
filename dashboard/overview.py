"""The Overview's tiles: per principle, its headline indicator's latest value, change, group median and England.

A tile sets the council against other councils, so its spend figures are on the comparable basis
(kil.indicators.CROSS_COUNCIL_BASIS: lines of £500 and over, card payments excluded), the basis of every group
median, and say so; the council's figure on all its lines is in the sentence beside. A median says how many
councils it rests on, and a median of fewer councils than the group holds never takes the group's name
(kil.indicators.median_label)."""
from __future__ import annotations

import pandas as pd

from dashboard import queries
from dashboard.filters import GROUPS
from kil import indicators
from kil.periods import BASELINE


def fmt(value, unit: str) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:,.0f}"


def _delta(now, before, unit: str, period: str) -> str | None:
    if period == BASELINE or now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    d = now - before
    if unit == "share":
        return f"{d * 100:+.1f} points since {BASELINE}"
    if unit == "percent":
        return f"{d:+.1f} points since {BASELINE}"
    return f"{d:+,.0f} since {BASELINE}"


def _median(medians: pd.DataFrame, indicator_id: str, period: str, group: str, unit: str) -> str:
    """'median of 5 councils with data (of 317: England): 6.2%' (kil.indicators.median_label)."""
    m = medians[(medians["indicator_id"] == indicator_id) & (medians["period"] == period)]
    if m.empty:
        return indicators.median_label(GROUPS[group], 0, None)
    row = m.iloc[0]
    return f"{indicators.median_label(GROUPS[group], int(row['median_councils']), int(row['group_councils']))}: " \
           f"{fmt(row['median'], unit)}"


def tiles(council: str, group: str) -> list[dict]:
    basis = indicators.CROSS_COUNCIL_BASIS
    values = queries.indicator_values(council, basis)
    own = queries.indicator_values(council, indicators.OWN_BASIS)
    groups = queries.indicator_medians(council, group, basis)
    england = queries.indicator_medians(council, "england", basis)
    out = []
    for principle in indicators.PRINCIPLES:
        ids = indicators.HEADLINES.get(principle, ())
        names = " or ".join(indicators.INDICATORS[i].name for i in ids)
        tile = {"principle": principle, "value": "no data" if ids else "no measure yet", "delta": None,
                "synthetic": False, "direction": "off",
                "definition": indicators.NO_MEASURE.get(principle, names),
                "sentence": indicators.NO_MEASURE.get(principle, f"No data for this council yet: {names}.")}
        for indicator_id in ids:
            ind = indicators.INDICATORS[indicator_id]
            mine = values[(values["indicator_id"] == indicator_id) & values["value"].notna()]
            if mine.empty:
                continue
            latest = mine.sort_values("period").iloc[-1]
            before = mine[mine["period"] == BASELINE]["value"]
            on = indicators.basis_label(indicator_id, basis)
            mine_all = own[(own["indicator_id"] == indicator_id) & (own["period"] == latest["period"])]["value"]
            medians = [_median(groups, indicator_id, latest["period"], group, ind.unit)]
            if ind.england and group != "england":
                medians.append(_median(england, indicator_id, latest["period"], "england", ind.unit))
            sentence = (f"{ind.name}" + (f" ({on})" if on else "") + f": {fmt(latest['value'], ind.unit)} in "
                        f"{latest['period']}"
                        + (f" ({fmt(mine_all.iloc[0], ind.unit)} on {indicators.BASES[indicators.OWN_BASIS]})"
                           if on and len(mine_all) else "")
                        + "; " + "; ".join(medians) + ".")
            if isinstance(latest.get("note"), str) and latest["note"]:
                sentence += " " + latest["note"]
            if latest["period"] == BASELINE:
                sentence += f" No data after {BASELINE} here, so no change since the baseline."
            tile.update(value=fmt(latest["value"], ind.unit),
                        delta=_delta(latest["value"], before.iloc[0] if len(before) else None, ind.unit,
                                     latest["period"]),
                        direction={True: "normal", False: "inverse"}.get(ind.higher_is_better, "off"),
                        synthetic=bool(latest["synthetic"]), definition=ind.definition, sentence=sentence,
                        basis=on)
            break
        out.append(tile)
    return out


def coverage_summary(council: str) -> pd.DataFrame:
    cov = queries.coverage(council)
    if cov.empty:
        return pd.DataFrame({"dataset": ["spend"], "status": ["missing: this council's spend is not loaded"]})
    cov = cov.assign(month=cov["month"].astype("datetime64[ns]").dt.strftime("%Y-%m"))
    summary = (cov.groupby(["dataset", "status"])
               .agg(months=("month", "count"), first=("month", "min"), last=("month", "max"),
                    lines=("lines", "sum"))
               .reset_index())
    share = queries.classified_share(council)
    if len(share) and pd.notna(share["amount"].iloc[0]):
        summary.attrs["class_known"] = share["class_known"].iloc[0]
    return summary


def tiles_table(tiles: list[dict]) -> pd.DataFrame:
    """The tiles as a table: their text alternative on screen and their form in exports."""
    return pd.DataFrame([{"principle": t["principle"], "value": t["value"], "change": t["delta"] or "",
                          "basis": t.get("basis", ""), "statement": t["sentence"], "synthetic": t["synthetic"]}
                         for t in tiles])
