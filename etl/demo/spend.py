"""Bristol's synthetic spend: one file a month in Calderdale's 23-column LGA transparency layout (gzip).

Writes `spend/bristol/spend/YYYY-MM.synthetic.csv.gz` for every month of `SPEND_MONTHS` (the dashboard's window,
kil.periods): lines paid to the fictional suppliers (etl/demo/suppliers.py), redacted payments to people, a few
credits, and the Make it Local pilot payments (etl/demo/pilot.py). Organisation Name says SYNTHETIC DEMO DATA on
every line.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.files import money, write_csv, write_provenance
from etl.demo.layout import SPEND_HEADER
from etl.demo.pilot import PILOT_MONTHS
from kil import periods

SPEND_MONTHS = pd.period_range(periods.WINDOW_START, periods.WINDOW_END, freq="M")     # the dashboard's window
SPEND_FOLDER = "spend/bristol/spend"

# service area -> (weight of lines, [(category, expense code, purpose)])
SERVICES = {
    "Adult Social Care": (0.30, [
        ("Residential Care", "4101", "Residential and nursing care placements"),
        ("Home Care", "4102", "Care and support at home"),
        ("Supported Living", "4103", "Supported living services"),
        ("Voluntary Associations", "4190", "Grant to voluntary and community organisation"),
    ]),
    "Children's Services": (0.20, [
        ("Residential Care", "4201", "Children's residential placements"),
        ("Education Services", "4202", "Education and learning support"),
        ("Voluntary Associations", "4290", "Grant to voluntary and community organisation"),
    ]),
    "Housing": (0.12, [
        ("Temporary Accommodation", "4301", "Temporary accommodation for homeless households"),
        ("Repairs and Maintenance", "4302", "Repairs and maintenance of council homes"),
        ("Voluntary Associations", "4390", "Grant to voluntary and community organisation"),
    ]),
    "Highways": (0.10, [
        ("Highways Works", "4401", "Highway maintenance and improvement works"),
        ("Equipment and Materials", "4402", "Equipment and materials"),
    ]),
    "Communities": (0.08, [
        ("Voluntary Associations", "4590", "Community grant"),
        ("Services", "4501", "Community services"),
    ]),
    "Public Health": (0.06, [
        ("Public Health Services", "4601", "Public health services"),
        ("Voluntary Associations", "4690", "Grant to voluntary and community organisation"),
    ]),
    "Waste and Environment": (0.07, [
        ("Waste Management", "4701", "Waste collection and disposal"),
        ("Private Contractors", "4702", "Parks and grounds maintenance"),
    ]),
    "Corporate Services": (0.07, [
        ("ICT", "4801", "ICT hardware, software and services"),
        ("Professional Services", "4802", "Professional and consultancy services"),
        ("Agency Costs", "4803", "Agency staff"),
    ]),
}
OTHER_BODIES = ("Payments to Other Public Bodies", "4900", "Payment to another public body")
VCSE_AREAS = ["Adult Social Care", "Children's Services", "Housing", "Communities", "Public Health"]
PRIVATE_AREAS = ["Adult Social Care", "Children's Services", "Housing", "Highways", "Waste and Environment",
                 "Corporate Services"]
REDACTED = "REDACTED PERSONAL DATA"
DESCRIPTION = "SYNTHETIC DEMO DATA - not a real payment"
BRISTOL_BODY = "http://statistics.data.gov.uk/doc/local-authority-district/00HB"
BRISTOL_ORG = "Bristol City Council (SYNTHETIC DEMO DATA)"


def write_spend(rng: np.random.Generator, out_dir: Path, seed: int, suppliers: pd.DataFrame,
                pilot_pay: dict[str, dict[str, float]], inputs: list[dict]) -> int:
    """Write every month's file and its provenance; return the lines written."""
    total = 0
    for month, lines in build_spend(rng, suppliers, pilot_pay).items():
        path = out_dir / SPEND_FOLDER / f"{month}.synthetic.csv.gz"
        write_csv(path, SPEND_HEADER, lines, gz=True)
        write_provenance(path, seed, inputs=inputs, attribution="", sizing=(
            f"{len(lines)} lines: about 2,400 a month growing 2% a year from {SPEND_MONTHS[0]}, x1.2 in March, "
            "x0.95 in August, x0.9 in December, x0.55/0.62/0.75/0.88/0.94 in Apr-Aug 2020 (the Covid dip and "
            f"recovery), +-3% noise; plus the Make it Local pilot payments from {PILOT_MONTHS[0]}."), notes=(
            "SYNTHETIC Bristol spend in Calderdale's 23-column LGA transparency layout (gzip). Organisation Name "
            "says SYNTHETIC DEMO DATA on every line. Amounts are lognormal by supplier (heavy-tailed), 1-2.5% are "
            "credits, 3% go to 'REDACTED PERSONAL DATA'. The VCSE share of named lines rises from 26% to 36% over "
            f"{SPEND_MONTHS[0]}..{SPEND_MONTHS[-1]} with a Covid-response bump Apr-Sep 2020 (the story the demo "
            "shows). Suppliers are the fictional ones in suppliers/bristol/suppliers.synthetic.csv."))
        total += len(lines)
    return total


def expected_lines(period: pd.Period) -> float:
    """Expected lines in a month: ~2,400 growing 2% a year, a year-end March peak, and the Covid dip."""
    i = (period - SPEND_MONTHS[0]).n
    season = {3: 1.20, 12: 0.90, 8: 0.95}.get(period.month, 1.0)
    covid = {"2020-04": 0.55, "2020-05": 0.62, "2020-06": 0.75, "2020-07": 0.88, "2020-08": 0.94}
    return 2_400 * (1 + 0.02 * i / 12) * season * covid.get(str(period), 1.0)


def _vcse_line_share(period: pd.Period) -> float:
    """Share of named lines paid to VCSE suppliers: rises gently (the story), with a Covid-response bump."""
    i = (period - SPEND_MONTHS[0]).n
    bump = 0.04 if "2020-04" <= str(period) <= "2020-09" else 0.0
    return 0.26 + 0.10 * i / (len(SPEND_MONTHS) - 1) + bump


def _business_days(period: pd.Period) -> list[dt.date]:
    days = pd.date_range(period.start_time, period.end_time.normalize(), freq="D")
    return [d.date() for d in days if d.weekday() < 5]


def build_spend_month(rng: np.random.Generator, period: pd.Period, suppliers: pd.DataFrame,
                      pilot_pay: dict[str, float]) -> list[dict]:
    """One month of Bristol spend lines, unsorted and without Internal Ref Numbers."""
    n = int(round(expected_lines(period) * rng.normal(1.0, 0.03)))
    days = _business_days(period)
    records = suppliers.to_dict("records")
    by_class = {c: [r for r in records if r["class"] == c] for c in ("vcse", "public_body", "private")}
    weights = {c: np.array([r["weight"] for r in rs]) / sum(r["weight"] for r in rs) for c, rs in by_class.items()}
    p_vcse = _vcse_line_share(period)
    lines = []
    kinds = rng.choice(4, size=n, p=[0.03, p_vcse * 0.97, 0.05 * 0.97, (0.95 - p_vcse) * 0.97])
    for k in kinds:
        if k == 0:      # a payment to a person: redacted, as councils publish them
            if rng.random() < 0.7:
                area, cat = "Adult Social Care", ("Direct Payments", "4150", "Direct payments to people assessed "
                                                  "as needing care")
            else:
                area, cat = "Children's Services", ("Foster Care Payments", "4250", "Payments to foster carers")
            lines.append({"supplier": None, "area": area, "cat": cat, "amount": 800.0 * rng.lognormal(0.0, 0.7)})
            continue
        cls = ("vcse", "public_body", "private")[k - 1]
        s = by_class[cls][rng.choice(len(by_class[cls]), p=weights[cls])]
        area = s["area"] if rng.random() < 0.8 else list(SERVICES)[rng.integers(len(SERVICES))]
        if cls == "public_body":
            cat = OTHER_BODIES
        else:
            cats = SERVICES[area][1]
            grants = [c for c in cats if c[0] == "Voluntary Associations"]
            others = [c for c in cats if c[0] != "Voluntary Associations"]
            if cls == "vcse" and grants and rng.random() < 0.6:
                cat = grants[0]
            else:
                cat = others[rng.integers(len(others))]
        lines.append({"supplier": s, "area": area, "cat": cat, "amount": s["scale"] * rng.lognormal(0.0, 0.9)})
    # Make it Local pilot payments: hours of care x cost per hour, from the pilot data.
    by_name = {r["supplier_name"]: r for r in records}
    for name in sorted(pilot_pay):
        lines.append({"supplier": by_name[name], "area": "Adult Social Care",
                      "cat": ("Voluntary Associations", "4191", "Make it Local pilot: community-based care"),
                      "amount": pilot_pay[name]})
    # A few credits (refunds and corrections), more of them from 2020-11 as the councils' own files show.
    p_credit = 0.01 if str(period) < "2020-11" else 0.025
    credit = rng.random(len(lines)) < p_credit
    share = rng.uniform(0.05, 1.0, size=len(lines))
    day = rng.integers(len(days), size=len(lines))
    invoice = rng.integers(100_000, 999_999, size=len(lines))
    rows = []
    for line, c, f, d, inv in zip(lines, credit, share, day, invoice):
        s = line["supplier"]
        cat, code, purpose = line["cat"]
        rows.append({
            "date": days[d].isoformat(),
            "invoice": f"DEMO{inv}",
            "amount": round(float(-line["amount"] * f if c else line["amount"]), 2),
            "supplier_name": REDACTED if s is None else s["supplier_name"],
            "supplier_id": "" if s is None else s["supplier_id"],
            "area": line["area"], "category": cat, "code": code, "purpose": purpose,
            "vcse": "Y" if s is not None and s["class"] == "vcse" else "",
        })
    return rows


def build_spend(rng: np.random.Generator, suppliers: pd.DataFrame,
                pilot_pay: dict[str, dict[str, float]]) -> dict[str, list[list[str]]]:
    """Spend lines by month, sorted by date then supplier then amount, with sequential Internal Ref Numbers."""
    out, ref = {}, 70_000_000
    for period in SPEND_MONTHS:
        rows = build_spend_month(rng, period, suppliers, pilot_pay.get(str(period), {}))
        rows.sort(key=lambda r: (r["date"], r["supplier_name"], r["amount"], r["invoice"]))
        lines = []
        for r in rows:
            ref += 1
            lines.append([
                BRISTOL_BODY, BRISTOL_ORG, r["date"], str(ref), r["invoice"], money(r["amount"]), "N/A",
                r["supplier_name"], "", "", r["supplier_id"], "", r["area"], r["category"], r["code"], "", "",
                DESCRIPTION, "IV", "AP", "Accounts Payable Invoices", r["purpose"], r["vcse"],
            ])
        out[str(period)] = lines
    return out
