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
from kil import indicators, periods
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


def _change(now, before, period: str) -> float | None:
    """The change since the baseline as a number, in the indicator's unit (a share's in share 0-1)."""
    if period == BASELINE or now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    return float(now - before)


def _delta(now, before, unit: str, period: str) -> str | None:
    if period == BASELINE or now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    d = now - before
    if unit == "share":
        return f"{d * 100:+.1f} points since {BASELINE}"
    if unit == "percent":
        return f"{d:+.1f} points since {BASELINE}"
    return f"{d:+,.0f} since {BASELINE}"


def _months_on_file(indicator_id: str, years, spend_months: dict) -> dict:
    """Financial year -> months on file, for the years an indicator has a value: a spend indicator's from the
    council's spend files (queries.months_covered), an annual one's (Oflog, registers) the whole year."""
    spend = indicator_id in indicators.SPEND_MONTHLY_INDICATORS + indicators.SUPPLIER_INDICATORS
    return {y: spend_months.get(y, []) if spend else periods.full_year(y) for y in years}


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
    medians = queries.indicator_medians_of(council, tuple(dict.fromkeys((group, "england"))), basis)
    groups, england = (medians[medians["group_id"] == g] for g in (group, "england"))
    spend_months = queries.months_covered(council)
    out = []
    for principle in indicators.PRINCIPLES:
        ids = indicators.HEADLINES.get(principle, ())
        names = " or ".join(indicators.INDICATORS[i].name for i in ids)
        tile = {"principle": principle, "value": "no data" if ids else "no measure yet", "delta": None,
                "indicator": None, "number": None, "unit": None, "change": None,
                "period": "", "synthetic": False, "direction": "off",
                "definition": indicators.NO_MEASURE.get(principle, names),
                "sentence": indicators.NO_MEASURE.get(principle, f"No data for this council yet: {names}.")}
        for indicator_id in ids:
            ind = indicators.INDICATORS[indicator_id]
            mine = values[(values["indicator_id"] == indicator_id) & values["value"].notna()]
            if mine.empty:
                continue
            months = _months_on_file(indicator_id, mine["period"], spend_months)
            year = periods.headline_year(months)     # the one rule for a headline's year (kil/periods.py)
            if year is None:
                most = max(months, key=lambda y: (len(months[y]), y))
                tile.update(value="too few months", definition=ind.definition,
                            sentence=f"{ind.name}: no financial year here has {periods.HEADLINE_MIN_MONTHS} or more "
                                     f"months of spend on file (the most: {periods.months_label(most, months[most])})"
                                     ", too few for a headline.")
                continue
            latest = mine[mine["period"] == year].iloc[0]
            label = periods.months_label(year, months[year])
            comparable = BASELINE in months and periods.same_months(months[year], months[BASELINE])
            before = mine[mine["period"] == BASELINE]["value"]
            on = indicators.basis_label(indicator_id, basis)
            mine_all = own[(own["indicator_id"] == indicator_id) & (own["period"] == year)]["value"]
            medians = [_median(groups, indicator_id, year, group, ind.unit)]
            if ind.england and group != "england":
                medians.append(_median(england, indicator_id, year, "england", ind.unit))
            sentence = (f"{ind.name}" + (f" ({on})" if on else "") + f": {fmt(latest['value'], ind.unit)} in "
                        f"{label}"
                        + (f" ({fmt(mine_all.iloc[0], ind.unit)} on {indicators.BASES[indicators.OWN_BASIS]})"
                           if on and len(mine_all) else "")
                        + "; " + "; ".join(medians) + ".")
            if isinstance(latest.get("note"), str) and latest["note"]:
                sentence += " " + latest["note"]
            if year == BASELINE and max(months) > BASELINE:
                sentence += (f" No later year has {periods.HEADLINE_MIN_MONTHS} or more months of data here, so no "
                             "change since the baseline.")
            elif year == BASELINE:
                sentence += f" No data after {BASELINE} here, so no change since the baseline."
            elif BASELINE in months and not comparable:
                sentence += (f" No change since {BASELINE} is shown: the baseline's data covers "
                             f"{periods.months_label(BASELINE, months[BASELINE])}, not the same months.")
            before_value = before.iloc[0] if len(before) else None
            tile.update(indicator=ind.name, number=float(latest["value"]), unit=ind.unit,
                        change=_change(latest["value"], before_value, year) if comparable else None)
            tile.update(value=fmt(latest["value"], ind.unit), period=label,
                        delta=_delta(latest["value"], before.iloc[0] if len(before) else None, ind.unit, year)
                        if comparable else None,
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
    return summary


def tiles_table(tiles: list[dict]) -> pd.DataFrame:
    """The tiles as a table: their text alternative on screen and their form in exports. `value` and `change`
    are numbers in the indicator's `unit` (a share 0-1, a percent, a count); `shown` is the tile's text."""
    rows = [{"principle": t["principle"], "indicator": t.get("indicator"), "period": t["period"],
             "shown": t["value"] + (f", {t['delta']}" if t["delta"] else ""),
             "value": t.get("number"), "unit": indicators.UNIT_LABELS.get(t.get("unit")), "change": t.get("change"),
             "change since": BASELINE if t.get("change") is not None else None, "basis": t.get("basis", ""),
             "statement": t["sentence"], "synthetic": t["synthetic"]} for t in tiles]
    df = pd.DataFrame(rows)
    return df.astype({"value": "float64", "change": "float64"}) if len(df) else df
