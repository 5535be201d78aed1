"""Community asset transfer registers for the 17 Keep it Local Network councils, synthetic.

Writes `assets/<council folder>.synthetic.csv` for each network council (kil.councils), sized from published
figures where there are any (Bradford, Bristol) and otherwise from England's rate scaled by the council's
population from the councils table (`asset_counts`); completed transfers are dated within `CAT_WINDOW`, which ends
with the dashboard's window (kil.periods). Postcodes and ward codes are real (Code-Point Open); names, addresses and
receiving organisations are invented.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.files import money, write_csv, write_provenance
from etl.demo.inputs import NetworkCouncils
from etl.demo.layout import ASSET_COLUMNS, ASSET_TYPES, TENURES
from etl.demo.names import ASSET_WORDS, PLACES, QUARTERS, STREETS, SUFFIX, VCSE_KINDS, Names
from kil import councils, periods

# England's rate, and the window a completed transfer's date is drawn from: from April 2015 (Bradford's policy year)
# to the dashboard's last month (kil.periods), so every financial year the dashboard shows can hold transfers.
TRANSFERS_PER_YEAR_ENGLAND = 350
CAT_WINDOW = (dt.date(2015, 4, 1), pd.Period(periods.WINDOW_END, freq="M").end_time.date())
CAT_FINANCIAL_YEARS = sorted({periods.financial_year(d.to_timestamp().date())
                              for d in pd.period_range(*CAT_WINDOW, freq="M")})
CAT_YEARS = len(CAT_FINANCIAL_YEARS)
BRISTOL_FROM = dt.date(2008, 4, 1)      # Bristol's published figure counts leases from 2008
BRADFORD = councils.code_of("bradford")
ASSETS_FOLDER = "assets"


def write_assets(rng: np.random.Generator, out_dir: Path, seed: int, network: NetworkCouncils,
                 postcodes: pd.DataFrame, ward_names: dict[str, str], bristol_vcse: list[str],
                 inputs: list[dict]) -> int:
    """Write every network council's register and its provenance, in network order; return the rows written."""
    total = 0
    for code, council in network.councils.iterrows():
        sizing = asset_counts(code, council["population"], network.england_population)
        rows, coverage = build_assets(rng, code, sizing, postcodes, ward_names,
                                      bristol_vcse if code == councils.BRISTOL else None)
        path = out_dir / ASSETS_FOLDER / f"{council['slug']}.synthetic.csv"
        write_csv(path, ASSET_COLUMNS, rows)
        write_provenance(path, seed, inputs=inputs, sizing=sizing.note, notes=(
            f"SYNTHETIC community asset transfer register for {council['name']} ({code}); no council publishes one "
            "as data. Asset names, addresses and receiving organisations are invented (' (demo)'); market values are "
            "lognormal (median about £180,000, parks a quarter of that); discounts apply under the CAT policy. "
            "date_agreed is blank unless completed. " + coverage
            + ("" if ward_names else " Ward names are blank: the Code-Point code list was not found.")))
        total += len(rows)
    return total


@dataclass(frozen=True)
class Sizing:
    completed: int
    in_progress: int
    withdrawn: int
    start: dt.date          # completed transfers are agreed between start and CAT_WINDOW[1]
    note: str               # how the sizes were chosen, for the provenance


def asset_counts(code: str, population: int, england_population: int) -> Sizing:
    """How many transfers a council's register holds, by status, and what those numbers rest on."""
    start, end = CAT_WINDOW
    years = f"{CAT_YEARS} financial years {CAT_FINANCIAL_YEARS[0]}..{CAT_FINANCIAL_YEARS[-1]}"
    if code == BRADFORD:
        return Sizing(36, 63, 0, start, (
            "Bradford's published figures: 36 transfers completed since its 2015 community asset transfer policy "
            "and 63 in progress; no withdrawn count is published, so none. The published counts are used as they "
            f"are, not scaled; completed transfers are dated at random over {start:%Y-%m}..{end:%Y-%m} ({years}, "
            "to the dashboard's last month)."))
    scaled = round(TRANSFERS_PER_YEAR_ENGLAND * CAT_YEARS * population / england_population)
    scaling = (f"England about {TRANSFERS_PER_YEAR_ENGLAND} community asset transfers a year (applied as a steady "
               f"rate to every year), scaled by population ({population:,} of England's {england_population:,}, "
               f"ONS mid-2019 as in the councils table) over the {years} of the asset window "
               f"{start:%Y-%m}..{end:%Y-%m} (it ends with the dashboard's last month): round("
               f"{TRANSFERS_PER_YEAR_ENGLAND} x {CAT_YEARS} x {population:,} / {england_population:,}) = {scaled}")
    rule = ("in progress = a third of that population-scaled figure, withdrawn = a tenth of it (assumed ratios, "
            "not published).")
    in_progress, withdrawn = round(scaled / 3), round(scaled / 10)
    if code == councils.BRISTOL:
        return Sizing(155, in_progress, withdrawn, BRISTOL_FROM, (
            "Bristol's published figure: over 150 properties leased to voluntary and community organisations, so "
            f"155 completed, used as it is (not scaled), dated at random over {BRISTOL_FROM:%Y-%m}..{end:%Y-%m}, "
            f"mostly leases. {scaling}; " + rule))
    return Sizing(scaled, in_progress, withdrawn, start, (
        f"{scaling} completed transfers, dated at random over the window; " + rule))


def build_assets(rng: np.random.Generator, code: str, sizing: Sizing, postcodes: pd.DataFrame,
                 ward_names: dict[str, str], organisations: list[str] | None) -> tuple[list[list[str]], str]:
    """One council's register rows (sorted by asset_id) and the postcode coverage note."""
    n = sizing.completed + sizing.in_progress + sizing.withdrawn
    status = ["completed"] * sizing.completed + ["in progress"] * sizing.in_progress + ["withdrawn"] * sizing.withdrawn
    status = [status[i] for i in rng.permutation(n)]
    local = postcodes[postcodes["council_code"] == code]
    if len(local):
        pcs = local.iloc[np.sort(rng.choice(len(local), size=n, replace=False))]
        pcs = pcs.iloc[rng.permutation(n)]
        areas = ", ".join(sorted(local["postcode_area"].unique()))
        coverage = (f"Postcodes and ward codes are real: drawn at random from the {len(local):,} Code-Point Open "
                    f"postcodes (October 2025) that fall in this council within the postcode areas {areas}; "
                    "parts of the council in other postcode areas are not in that file and never appear.")
    else:
        pcs = None
        coverage = "This council is not in the Code-Point subset, so postcode, ward_code and ward_name are blank."
    if organisations is None:
        names = Names(rng, VCSE_KINDS, set())
        organisations = [names.take() for _ in range(max(3, int(n * 0.8)))]
    start = sizing.start
    span = (CAT_WINDOW[1] - start).days
    used: set[str] = set()
    rows = []
    for i in range(n):
        atype = ASSET_TYPES[rng.choice(len(ASSET_TYPES), p=[0.30, 0.10, 0.12, 0.12, 0.14, 0.07, 0.15])]
        # "<invented place> [North|...] <what it is> (demo)", unique in the council (450 names per type)
        name = ""
        while not name or name in used:
            place, quarter = PLACES[rng.integers(len(PLACES))], QUARTERS[rng.integers(len(QUARTERS))]
            name = f"{place}{quarter} {ASSET_WORDS[atype]}{SUFFIX}"
        used.add(name)
        p_tenure = [0.05, 0.45, 0.30, 0.10, 0.10] if code == councils.BRISTOL else [0.20, 0.40, 0.20, 0.10, 0.10]
        tenure = TENURES[rng.choice(len(TENURES), p=p_tenure)]
        cat_policy = "Y" if rng.random() < 0.8 else "N"
        value = round(float(rng.lognormal(np.log(180_000), 0.9)) / 500) * 500
        if atype == "park":
            value = round(value / 4 / 500) * 500
        share = rng.uniform(0.5, 1.0) if tenure in TENURES[:3] else rng.uniform(0.2, 0.8)
        discount = round(value * share / 100) * 100 if cat_policy == "Y" else 0
        agreed = ""
        if status[i] == "completed":
            agreed = (start + dt.timedelta(days=int(rng.integers(span + 1)))).isoformat()
        number = int(rng.integers(1, 200))
        street = f"{PLACES[rng.integers(len(PLACES))]} {STREETS[rng.integers(len(STREETS))]}"
        org = organisations[rng.integers(len(organisations))] if status[i] != "withdrawn" or rng.random() < 0.5 \
            else ""
        pc, ward = ("", "") if pcs is None else (pcs.iloc[i]["postcode"], pcs.iloc[i]["ward_code"])
        rows.append([
            f"{code}-DEMO-{i + 1:04d}", name, f"{number} {street} (demo address)", pc, ward,
            ward_names.get(ward, ""), atype, org, tenure, agreed, cat_policy, status[i],
            money(value), money(discount),
        ])
    return rows, coverage
