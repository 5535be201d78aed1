"""Community asset transfer registers for the 17 Keep it Local Network councils, synthetic.

Writes `assets/<council folder>.synthetic.csv` for each network council, sized from published figures where there
are any (Bradford, Bristol) and otherwise from England's rate scaled by population (`asset_counts`). Postcodes and
ward codes are real (Code-Point Open); names, addresses and receiving organisations are invented.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.files import money, write_csv, write_provenance
from etl.demo.layout import ASSET_COLUMNS, ASSET_TYPES, TENURES
from etl.demo.names import ASSET_WORDS, PLACES, QUARTERS, STREETS, SUFFIX, VCSE_KINDS, Names

BRISTOL = "E06000023"
# The 17 Keep it Local network councils: slug (file name), GSS code, name, population (ONS mid-2019, as carried in
# covid/ltla_covid_cases_weekly_england.csv; East Sussex is the sum of its five districts).
NETWORK = [
    ("bradford", "E08000032", "Bradford", 539_776),
    ("bristol", "E06000023", "Bristol", 463_377),
    ("calderdale", "E08000033", "Calderdale", 211_455),
    ("hackney", "E09000012", "Hackney", 281_120),
    ("kirklees", "E08000034", "Kirklees", 439_787),
    ("lewisham", "E09000023", "Lewisham", 305_842),
    ("newcastle", "E08000021", "Newcastle upon Tyne", 302_820),
    ("oldham", "E08000004", "Oldham", 237_110),
    ("rotherham", "E08000018", "Rotherham", 265_411),
    ("south_gloucestershire", "E06000025", "South Gloucestershire", 285_093),
    ("wirral", "E08000015", "Wirral", 324_011),
    ("leeds", "E08000035", "Leeds", 793_139),
    ("wakefield", "E08000036", "Wakefield", 348_312),
    ("cheshire_west_and_chester", "E06000050", "Cheshire West and Chester", 343_071),
    ("york", "E06000014", "York", 210_618),
    ("east_sussex", "E10000011", "East Sussex", 557_229),
    ("malvern_hills", "E07000235", "Malvern Hills", 78_698),
]
SLUG_TO_CODE = {slug: code for slug, code, _, _ in NETWORK}
ENGLAND_POPULATION = 56_284_737       # the 316 LTLAs of the same file
TRANSFERS_PER_YEAR_ENGLAND = 350
CAT_WINDOW = (dt.date(2015, 4, 1), dt.date(2023, 3, 31))    # 8 financial years
CAT_YEARS = 8
ASSETS_FOLDER = "assets"


def write_assets(rng: np.random.Generator, out_dir: Path, seed: int, postcodes: pd.DataFrame,
                 ward_names: dict[str, str], bristol_vcse: list[str], inputs: list[dict]) -> int:
    """Write every network council's register and its provenance, in network order; return the rows written."""
    total = 0
    for slug, code, name, population in NETWORK:
        rows, sizing, coverage = build_assets(rng, code, population, postcodes, ward_names,
                                              bristol_vcse if code == BRISTOL else None)
        path = out_dir / ASSETS_FOLDER / f"{slug}.synthetic.csv"
        write_csv(path, ASSET_COLUMNS, rows)
        write_provenance(path, seed, inputs=inputs, sizing=sizing, notes=(
            f"SYNTHETIC community asset transfer register for {name} ({code}); no council publishes one as data. "
            "Asset names, addresses and receiving organisations are invented (' (demo)'); market values are "
            "lognormal (median about £180,000, parks a quarter of that); discounts apply under the CAT policy. "
            "date_agreed is blank unless completed. " + coverage
            + ("" if ward_names else " Ward names are blank: the Code-Point code list was not found.")))
        total += len(rows)
    return total


def asset_counts(code: str, population: int) -> tuple[int, int, int, str]:
    """(completed, in progress, withdrawn, how the sizes were chosen) for one council."""
    if code == "E08000032":
        return 36, 63, 0, ("Bradford's published figures: 36 transfers completed since its 2015 community asset "
                           "transfer policy and 63 in progress; no withdrawn count is published, so none.")
    scaled = round(TRANSFERS_PER_YEAR_ENGLAND * CAT_YEARS * population / ENGLAND_POPULATION)
    in_progress, withdrawn = round(scaled / 3), round(scaled / 10)
    rule = (f"in progress = a third of the population-scaled completed figure ({scaled}), "
            "withdrawn = a tenth of it (assumed ratios, not published).")
    if code == BRISTOL:
        return 155, in_progress, withdrawn, (
            "Bristol's published figure: over 150 properties leased to voluntary and community organisations, so "
            "155 completed (agreed 2008-04..2023-03, mostly leases); " + rule)
    return scaled, in_progress, withdrawn, (
        f"England about {TRANSFERS_PER_YEAR_ENGLAND} community asset transfers a year, scaled by population "
        f"({population:,} of England's {ENGLAND_POPULATION:,}, ONS mid-2019) over {CAT_YEARS} financial years "
        f"2015-16..2022-23: completed = round({TRANSFERS_PER_YEAR_ENGLAND} x {CAT_YEARS} x {population:,} / "
        f"{ENGLAND_POPULATION:,}) = {scaled}; " + rule)


def build_assets(rng: np.random.Generator, code: str, population: int, postcodes: pd.DataFrame,
                 ward_names: dict[str, str], organisations: list[str] | None) -> tuple[list[list[str]], str, str]:
    """One council's register rows (sorted by asset_id), the sizing note and the postcode coverage note."""
    completed, in_progress, withdrawn, sizing = asset_counts(code, population)
    n = completed + in_progress + withdrawn
    status = ["completed"] * completed + ["in progress"] * in_progress + ["withdrawn"] * withdrawn
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
    start = dt.date(2008, 4, 1) if code == BRISTOL else CAT_WINDOW[0]
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
        p_tenure = [0.05, 0.45, 0.30, 0.10, 0.10] if code == BRISTOL else [0.20, 0.40, 0.20, 0.10, 0.10]
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
    return rows, sizing, coverage
