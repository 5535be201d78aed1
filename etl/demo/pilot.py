"""The Make it Local pilot (Bristol): seven invented organisations and their monthly metrics, synthetic.

Months: `PILOT_MONTHS`, from 2021-01 to the end of the dashboard's window (kil.periods).

Writes `pilot/make_it_local.synthetic.csv` and returns the pilot's payments by month and organisation, which the
synthetic Bristol spend pays (hours of care x cost per hour).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.files import write_csv, write_provenance
from etl.demo.layout import PILOT_COLUMNS, PILOT_NAME
from kil import periods

PILOT_START = "2021-01"          # the demo pilot's first month; it runs to the end of the dashboard's window
PILOT_MONTHS = pd.period_range(PILOT_START, periods.WINDOW_END, freq="M")

# The Make it Local pilot: four community businesses and three equalities organisations (Locality, Nov 2020).
PILOT_ORGS = [
    ("Larkmoor Community Care Co-operative (demo)", "community business"),
    ("Quillmarsh Home Help Mutual (demo)", "community business"),
    ("Ivymere Neighbourhood Care Hub (demo)", "community business"),
    ("Thistlecombe Community Kitchen and Care (demo)", "community business"),
    ("Brackenford Disabled People's Forum (demo)", "equalities organisation"),
    ("Saltmere Black and Minority Ethnic Carers Network (demo)", "equalities organisation"),
    ("Wrenhollow LGBTQ+ Elders Collective (demo)", "equalities organisation"),
]
METRICS = [  # metric, unit, format
    ("people_supported", "people", "{:.0f}"),
    ("hours_of_care", "hours", "{:.1f}"),
    ("cost_per_hour", "£ per hour", "{:.2f}"),
    ("wellbeing_wemwbs", "WEMWBS score (14-70), mean of people supported", "{:.1f}"),
    ("waiting_list", "people waiting", "{:.0f}"),
    ("volunteers", "volunteers", "{:.0f}"),
]
PILOT_FILE = "pilot/make_it_local.synthetic.csv"


def write_pilot(rng: np.random.Generator, out_dir: Path, seed: int, suppliers: pd.DataFrame,
                ward_of_postcode: dict[str, str], inputs: list[dict]) -> tuple[int, dict]:
    """Write the pilot file and its provenance; return the rows written and the payments by month."""
    rows, pay = build_pilot(rng, suppliers, ward_of_postcode)
    path = out_dir / PILOT_FILE
    write_csv(path, PILOT_COLUMNS, rows)
    n_community = sum(t == "community business" for _, t in PILOT_ORGS)
    write_provenance(path, seed, inputs=inputs, sizing=(
        f"{len(PILOT_ORGS)} organisations ({n_community} community businesses, {len(PILOT_ORGS) - n_community} "
        "equalities organisations), as in Locality's description of Bristol's Make it Local pilot (Nov 2020) "
        f"x {len(PILOT_MONTHS)} months ({PILOT_MONTHS[0]}..{PILOT_MONTHS[-1]}) x {len(METRICS)} metrics."), notes=(
        "SYNTHETIC. Organisations, values and targets are invented; only the ward codes are real (each organisation "
        "sits at a real Bristol postcode in its ward). Values ramp up over the first months towards targets; "
        "wellbeing is a WEMWBS mean (14-70); waiting_list's target is a ceiling. The same organisations appear as "
        "suppliers in the synthetic Bristol spend, paid hours_of_care x cost_per_hour each month."))
    return len(rows), pay


def build_pilot(rng: np.random.Generator, suppliers: pd.DataFrame,
                ward_of_postcode: dict[str, str]) -> tuple[list[list[str]], dict]:
    """Monthly metrics per organisation (sorted), and the pilot payments by month and organisation."""
    postcode_of = dict(zip(suppliers["supplier_name"], suppliers["postcode"]))
    rows, pay = [], {}
    for name, org_type in sorted(PILOT_ORGS):
        ward = ward_of_postcode[postcode_of[name]]
        people_target = float(rng.integers(4, 13) * 10)
        hours_each = float(rng.uniform(6, 14))
        cost_start, cost_target = float(rng.uniform(26, 32)), float(rng.uniform(20, 23))
        wb_start, wb_target = float(rng.uniform(40, 44)), float(rng.uniform(47, 50))
        wait_start = float(rng.integers(20, 45))
        vol_target = float(rng.integers(10, 41))
        pace = float(rng.uniform(4, 9))          # months to get going
        targets = {"people_supported": people_target, "hours_of_care": round(people_target * hours_each, 1),
                   "cost_per_hour": round(cost_target, 2), "wellbeing_wemwbs": round(wb_target, 1),
                   "waiting_list": 10.0, "volunteers": vol_target}
        for t, period in enumerate(PILOT_MONTHS):
            ramp = 1 - np.exp(-(t + 1) / pace)
            people = max(1.0, round(people_target * ramp * rng.normal(1.0, 0.06)))
            hours = round(people * hours_each * rng.normal(1.0, 0.05), 1)
            cost = round(cost_target + (cost_start - cost_target) * np.exp(-t / 10) + rng.normal(0, 0.4), 2)
            wellbeing = float(np.clip(round(wb_start + (wb_target + 1 - wb_start) * ramp + rng.normal(0, 0.6), 1),
                                      14, 70))
            waiting = max(0.0, round(wait_start * np.exp(-t / 12) + rng.normal(4, 2)))
            volunteers = max(0.0, round(vol_target * ramp * rng.normal(1.0, 0.08)))
            values = {"people_supported": people, "hours_of_care": hours, "cost_per_hour": cost,
                      "wellbeing_wemwbs": wellbeing, "waiting_list": waiting, "volunteers": volunteers}
            for metric, unit, fmt in METRICS:
                rows.append([PILOT_NAME, name, org_type, ward, f"{period}-01", metric,
                             fmt.format(values[metric]), fmt.format(targets[metric]), unit])
            pay.setdefault(str(period), {})[name] = round(hours * cost, 2)
    rows.sort(key=lambda r: (r[1], r[4], r[5]))
    return rows, pay
