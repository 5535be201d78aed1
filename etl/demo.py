"""Synthetic demo data for what no council publishes, written so that nobody can mistake it for fact.

`python -m etl demo [--seed N] [--out DIR]` writes, under `data/demo/` by default:

    spend/bristol/spend/YYYY-MM.synthetic.csv.gz   Bristol spend 2019-04..2023-03, Calderdale's 23-column LGA layout
    suppliers/bristol/suppliers.synthetic.csv     the fictional Bristol suppliers, with real Bristol postcodes
    assets/<council>.synthetic.csv                community asset transfer registers, 17 Keep it Local councils
    pilot/make_it_local.synthetic.csv             Make it Local pilot (Bristol) monthly metrics, 2021-01..2023-03

How it is marked as synthetic, everywhere:
- every file name contains SYNTHETIC (`.synthetic.csv`), and every file has a `<file>.provenance.json` beside it
  with "synthetic": true, the seed, the generator and how the sizes were chosen;
- every organisation, supplier and asset name is invented and ends in " (demo)"; no registration numbers;
- Bristol spend says "Bristol City Council (SYNTHETIC DEMO DATA)" as its Organisation Name on every line.
Only the postcodes and ward codes are real (OS Code-Point Open), so locality and ward views work end to end.

The same seed and inputs give byte-identical files: one numpy Generator drawn in a fixed order, sorted rows, fixed
number formats, "\\n" line ends, gzip with no name and mtime 0, and no timestamps in the provenance.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from kil import config

GENERATOR = "etl/demo.py"
DEFAULT_SEED = 2020
BRISTOL = "E06000023"
CODEPOINT = "raw/registers/codepoint_open_2025-10_postcodes_selected_areas.csv.gz"
AREA_NAMES = "raw/registers/codepoint_open_2025-10_area_codes_names.csv"
CODEPOINT_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright "
    "and database right 2025. Contains National Statistics data © Crown copyright and database right 2025 (OGL v3)."
)

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

SPEND_HEADER = [
    "Body", "Organisation Name", "Date", "Internal Ref Number", "Invoice Number", "Net Amount", "Irrecoverable VAT",
    "Supplier(Beneficiary) Name", "Supplier Registered Company Number", "Supplier Registered Charity Number",
    "Supplier ID", "VAT Registration Number", "Expense Area",
    "Procurement Classification: Council's Procurement Category Name", "Expense Code", "BVACOP", "Proclass",
    "Extended Description", "Source", "Subsource", "Definition", "Purpose of Spend (Summary)",
    "Voluntary Community and Social Enterprise Supplier",
]
SUPPLIER_COLUMNS = ["supplier_name", "postcode", "class", "charity_number", "company_number"]
ASSET_COLUMNS = [
    "asset_id", "asset_name", "address", "postcode", "ward_code", "ward_name", "asset_type", "receiving_organisation",
    "tenure", "date_agreed", "under_cat_policy", "status", "market_value", "discount",
]
ASSET_TYPES = ["community centre", "library", "park", "youth and scout hut", "sports", "office", "other"]
TENURES = ["freehold", "lease 25+ years", "lease 5-25 years", "lease under 5 years", "licence"]
STATUSES = ["completed", "in progress", "withdrawn"]
PILOT_COLUMNS = ["pilot", "organisation", "organisation_type", "ward_code", "month", "metric", "value", "target", "unit"]
PILOT_NAME = "Make it Local (SYNTHETIC DEMO)"
SPEND_MONTHS = pd.period_range("2019-04", "2023-03", freq="M")
PILOT_MONTHS = pd.period_range("2021-01", "2023-03", freq="M")

# ---------------------------------------------------------------- invented names (all end in " (demo)")
PLACES = [
    "Amberwell", "Brackenford", "Corriebank", "Dunmossley", "Elderbrook", "Fennickton", "Glasswell", "Hollinsby",
    "Ivymere", "Juniper Vale", "Kestrelford", "Larkmoor", "Millbeckton", "Nettlewick", "Orchardine", "Pebblecombe",
    "Quillmarsh", "Ravensholt", "Saltmere", "Thistlecombe", "Umberfield", "Velvet Hill", "Wrenhollow", "Yarrowby",
    "Zephyr Row", "Alderquay", "Bramblegate", "Cinderwharf", "Dovecot Lane", "Emberdale", "Foxglove Yard",
    "Gorsemoor", "Harbourlight", "Inkwell Street", "Jackdaw Green", "Kingfisher Steps", "Lanternside", "Marigold Rise",
    "Nutmeg Row", "Otterbourne Quay", "Puffin Wharf", "Quarrymead", "Rushlight", "Sorrel Bank", "Teasel Hill",
    "Upperwharf", "Vetchfield", "Willowquay", "Yewbarrow", "Zinnia Court",
]
VCSE_KINDS = [
    "Community Kitchen", "Community Trust", "Befriending Network", "Carers Centre", "Youth Project",
    "Tenants Association", "Food Pantry", "Community Arts", "Neighbourhood Forum", "Wellbeing Collective",
    "Men's Shed", "Dementia Cafe", "Refugee Welcome", "Play Association", "Advice Centre", "Community Transport",
    "Women's Centre", "Garden Project", "Community Pub", "Mental Health Alliance", "Family Hub", "Elders Lunch Club",
]
PRIVATE_KINDS = [
    "Care Homes Ltd", "Home Care Ltd", "Facilities Management Ltd", "Civil Engineering Ltd", "IT Solutions Ltd",
    "Consulting LLP", "Waste Services Ltd", "Plant Hire Ltd", "Print and Design Ltd", "Recruitment Ltd",
    "Supported Living Ltd", "Catering Ltd", "Energy Ltd", "Legal LLP", "Fostering Agency Ltd", "Taxis Ltd",
    "Building Contractors Ltd", "Office Supplies Ltd", "Security Ltd", "Cleaning Services Ltd",
]
PUBLIC_KINDS = [
    "Academy Trust", "NHS Foundation Trust", "Town Council", "Parish Council", "College", "Fire and Rescue Authority",
]
ASSET_WORDS = {
    "community centre": "Community Centre", "library": "Library", "park": "Park", "youth and scout hut": "Scout Hut",
    "sports": "Sports Pavilion", "office": "House", "other": "Public Hall",
}
QUARTERS = ["", " North", " South", " East", " West", " Upper", " Lower", " Old", " New"]
STREETS = ["Road", "Lane", "Street", "Way", "Close", "Avenue", "Terrace", "Walk"]
SUFFIX = " (demo)"

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

# ---------------------------------------------------------------- spend model
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


# ---------------------------------------------------------------- writing
def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str:
    return _sha256_bytes(path.read_bytes())


def _write_csv(path: Path, header: list[str], rows: list[list[str]], *, gz: bool = False) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if gz:   # no file name and mtime 0 in the gzip header, so the bytes depend only on the content
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as f:
            f.write(data)
        data = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_provenance(path: Path, seed: int, sizing: str, inputs: list[dict], notes: str,
                      attribution: str = CODEPOINT_ATTRIBUTION) -> None:
    record = {
        "source": f"synthetic: {GENERATOR} generate(seed={seed}); not published by any council",
        "publisher": "Keep it Local dashboard (synthetic demo data)",
        "licence": "Synthetic data; real postcodes and ward codes from OS Code-Point Open under OGL v3",
        "attribution": attribution,
        "retrieved": "",        # generated, not retrieved; left blank so the bytes do not depend on the date
        "sha256": _sha256_file(path),
        "notes": notes,
        "synthetic": True,
        "seed": seed,
        "generator": GENERATOR,
        "sizing": sizing,
        "inputs": inputs,
    }
    side = path.with_name(path.name + ".provenance.json")
    side.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _money(x: float) -> str:
    s = f"{x:.2f}"
    return "0.00" if s == "-0.00" else s


# ---------------------------------------------------------------- inputs
def load_postcodes(data_dir: Path) -> pd.DataFrame:
    """Code-Point postcodes with coordinates (sorted), with the council code each network council uses."""
    path = Path(data_dir) / CODEPOINT
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: the Code-Point Open postcode file is needed to give demo rows real postcodes. "
            "It ships in data/raw/registers/ with its provenance file; restore it there and run again.")
    cols = ["postcode", "postcode_area", "positional_quality", "county_code", "lad_code", "ward_code"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=cols)
    df = df[(df["positional_quality"] != "90") & (df["lad_code"] != "") & (df["ward_code"] != "")]
    # East Sussex is a county: its postcodes carry a district lad_code and the county in county_code.
    df = df.assign(council_code=np.where(df["county_code"] == "E10000011", "E10000011", df["lad_code"]))
    return df.sort_values("postcode", kind="stable").reset_index(drop=True)


def load_ward_names(data_dir: Path) -> dict[str, str]:
    """OS ward names by code (" Ward" dropped); empty when the code list is absent."""
    path = Path(data_dir) / AREA_NAMES
    if not path.exists():
        return {}
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {c: n.removesuffix(" Ward") for c, n in zip(df["code"], df["name"]) if c.startswith("E05")}


def _inputs(data_dir: Path, *rels: str) -> list[dict]:
    return [{"path": r, "sha256": _sha256_file(Path(data_dir) / r)} for r in rels if (Path(data_dir) / r).exists()]


# ---------------------------------------------------------------- names
class _Names:
    """Unique invented names: '<place> <kind> (demo)', drawn from a shuffled deck of every combination."""

    def __init__(self, rng: np.random.Generator, kinds: list[str], taken: set[str]):
        deck = [f"{p} {k}{SUFFIX}" for p in PLACES for k in kinds]
        self.deck = [deck[i] for i in rng.permutation(len(deck))]
        self.taken = taken

    def take(self) -> str:
        while self.deck:
            name = self.deck.pop()
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise RuntimeError("ran out of invented names; add words to PLACES")


# ---------------------------------------------------------------- suppliers
def build_suppliers(rng: np.random.Generator, postcodes: pd.DataFrame) -> pd.DataFrame:
    """About 400 fictional Bristol suppliers. ~70% have a Bristol postcode (VCSE more often than private firms)."""
    taken = {name for name, _ in PILOT_ORGS}
    counts = {"vcse": 133, "public_body": 30, "private": 230}      # + 7 pilot organisations (vcse) = 400
    local_share = {"vcse": 0.85, "public_body": 0.75, "private": 0.60}
    bristol = postcodes[postcodes["council_code"] == BRISTOL]
    elsewhere = postcodes[postcodes["council_code"] != BRISTOL]
    rows = []
    for cls, kinds in (("vcse", VCSE_KINDS), ("public_body", PUBLIC_KINDS), ("private", PRIVATE_KINDS)):
        names = _Names(rng, kinds, taken)
        for _ in range(counts[cls]):
            rows.append({"supplier_name": names.take(), "class": cls,
                         "local": bool(rng.random() < local_share[cls])})
    # The pilot organisations are local VCSE suppliers in seven different Bristol wards.
    wards = sorted(bristol["ward_code"].unique())
    pilot_wards = [wards[i] for i in rng.choice(len(wards), size=len(PILOT_ORGS), replace=False)]
    df = pd.DataFrame(rows)
    n_local = int(df["local"].sum())
    local_pc = bristol["postcode"].to_numpy()[rng.choice(len(bristol), size=n_local, replace=False)]
    away_pc = elsewhere["postcode"].to_numpy()[rng.choice(len(elsewhere), size=len(df) - n_local, replace=False)]
    df.loc[df["local"], "postcode"] = local_pc
    df.loc[~df["local"], "postcode"] = away_pc
    pilot_rows = []
    for (name, _), ward in zip(PILOT_ORGS, pilot_wards):
        in_ward = bristol[bristol["ward_code"] == ward]["postcode"].to_numpy()
        pilot_rows.append({"supplier_name": name, "class": "vcse", "local": True,
                           "postcode": in_ward[rng.integers(len(in_ward))]})
    df = pd.concat([df, pd.DataFrame(pilot_rows)], ignore_index=True)
    df = df.sort_values("supplier_name", kind="stable").reset_index(drop=True)
    df["supplier_id"] = [f"DEMO-S{i + 1:04d}" for i in range(len(df))]
    df["charity_number"] = ""
    df["company_number"] = ""
    # How often each supplier is paid (heavy-tailed) and its typical payment size, by class.
    df["weight"] = rng.pareto(1.2, size=len(df)) + 0.2
    median = df["class"].map({"vcse": 1_200.0, "public_body": 6_000.0, "private": 2_500.0}).to_numpy()
    df["scale"] = median * rng.lognormal(0.0, 0.8, size=len(df))
    areas = []
    for cls in df["class"]:
        pool = VCSE_AREAS if cls == "vcse" else PRIVATE_AREAS if cls == "private" else list(SERVICES)
        areas.append(pool[rng.integers(len(pool))])
    df["area"] = areas
    return df


# ---------------------------------------------------------------- spend
def _month_lines(period: pd.Period) -> float:
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
    n = int(round(_month_lines(period) * rng.normal(1.0, 0.03)))
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
                BRISTOL_BODY, BRISTOL_ORG, r["date"], str(ref), r["invoice"], _money(r["amount"]), "N/A",
                r["supplier_name"], "", "", r["supplier_id"], "", r["area"], r["category"], r["code"], "", "",
                DESCRIPTION, "IV", "AP", "Accounts Payable Invoices", r["purpose"], r["vcse"],
            ])
        out[str(period)] = lines
    return out


# ---------------------------------------------------------------- asset transfers
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
        names = _Names(rng, VCSE_KINDS, set())
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
            _money(value), _money(discount),
        ])
    return rows, sizing, coverage


# ---------------------------------------------------------------- Make it Local pilot
METRICS = [  # metric, unit, format
    ("people_supported", "people", "{:.0f}"),
    ("hours_of_care", "hours", "{:.1f}"),
    ("cost_per_hour", "£ per hour", "{:.2f}"),
    ("wellbeing_wemwbs", "WEMWBS score (14-70), mean of people supported", "{:.1f}"),
    ("waiting_list", "people waiting", "{:.0f}"),
    ("volunteers", "volunteers", "{:.0f}"),
]


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


# ---------------------------------------------------------------- the whole demo
def generate(seed: int = DEFAULT_SEED, out_dir: Path | None = None, data_dir: Path | None = None) -> dict[str, int]:
    """Write every demo file under out_dir (default data/demo) and return the rows written per dataset."""
    data_dir = Path(data_dir) if data_dir else config.DATA_DIR
    out_dir = Path(out_dir) if out_dir else data_dir / "demo"
    rng = np.random.default_rng(seed)
    postcodes = load_postcodes(data_dir)
    ward_names = load_ward_names(data_dir)
    inputs = _inputs(data_dir, CODEPOINT, AREA_NAMES)
    counts: dict[str, int] = {}

    suppliers = build_suppliers(rng, postcodes)

    # Make it Local pilot
    pilot_rows, pilot_pay = build_pilot(rng, suppliers, dict(zip(postcodes["postcode"], postcodes["ward_code"])))
    path = out_dir / "pilot" / "make_it_local.synthetic.csv"
    _write_csv(path, PILOT_COLUMNS, pilot_rows)
    _write_provenance(path, seed, inputs=inputs, sizing=(
        "7 organisations (4 community businesses, 3 equalities organisations), as in Locality's description of "
        "Bristol's Make it Local pilot (Nov 2020) x 27 months (2021-01..2023-03) x 6 metrics."), notes=(
        "SYNTHETIC. Organisations, values and targets are invented; only the ward codes are real (each organisation "
        "sits at a real Bristol postcode in its ward). Values ramp up over the first months towards targets; "
        "wellbeing is a WEMWBS mean (14-70); waiting_list's target is a ceiling. The same organisations appear as "
        "suppliers in the synthetic Bristol spend, paid hours_of_care x cost_per_hour each month."))
    counts["pilot_metrics"] = len(pilot_rows)

    # Bristol supplier register
    path = out_dir / "suppliers" / "bristol" / "suppliers.synthetic.csv"
    _write_csv(path, SUPPLIER_COLUMNS, suppliers[SUPPLIER_COLUMNS].values.tolist())
    n_local = int(suppliers["local"].sum())
    _write_provenance(path, seed, inputs=inputs, sizing=(
        f"{len(suppliers)} suppliers (133 vcse + 7 Make it Local pilot organisations, 30 public_body, 230 private), "
        f"about the number of distinct suppliers a mid-size council pays in a month; {n_local} "
        "have a Bristol postcode (vcse 85%, public_body 75%, private 60%, about 70% overall)."), notes=(
        "SYNTHETIC. Every name is invented ('<invented place> <kind> (demo)') and matches no organisation; charity "
        "and company numbers are blank on purpose. Postcodes are real live postcodes from Code-Point Open, drawn "
        "at random (Bristol ones from E06000023, others from the other areas in that file)."))
    counts["suppliers"] = len(suppliers)

    # Bristol spend
    spend = build_spend(rng, suppliers, pilot_pay)
    total = 0
    for month, lines in spend.items():
        path = out_dir / "spend" / "bristol" / "spend" / f"{month}.synthetic.csv.gz"
        _write_csv(path, SPEND_HEADER, lines, gz=True)
        _write_provenance(path, seed, inputs=inputs, attribution="", sizing=(
            f"{len(lines)} lines: about 2,400 a month growing 2% a year, x1.2 in March, x0.9 in December, "
            "x0.55/0.62/0.75/0.88/0.94 in Apr-Aug 2020 (the Covid dip and recovery), +-3% noise; plus the Make it "
            "Local pilot payments from 2021-01."), notes=(
            "SYNTHETIC Bristol spend in Calderdale's 23-column LGA transparency layout (gzip). Organisation Name "
            "says SYNTHETIC DEMO DATA on every line. Amounts are lognormal by supplier (heavy-tailed), 1-2.5% are "
            "credits, 3% go to 'REDACTED PERSONAL DATA'. The VCSE share of named lines rises from 26% to 36% over "
            "2019-04..2023-03 with a Covid-response bump Apr-Sep 2020 (the story the demo shows). Suppliers are "
            "the fictional ones in suppliers/bristol/suppliers.synthetic.csv."))
        total += len(lines)
    counts["spend"] = total

    # Community asset transfer registers
    bristol_vcse = sorted(suppliers.loc[(suppliers["class"] == "vcse") & suppliers["local"], "supplier_name"])
    total = 0
    for slug, code, name, population in NETWORK:
        rows, sizing, coverage = build_assets(rng, code, population, postcodes, ward_names,
                                              bristol_vcse if code == BRISTOL else None)
        path = out_dir / "assets" / f"{slug}.synthetic.csv"
        _write_csv(path, ASSET_COLUMNS, rows)
        _write_provenance(path, seed, inputs=inputs, sizing=sizing, notes=(
            f"SYNTHETIC community asset transfer register for {name} ({code}); no council publishes one as data. "
            "Asset names, addresses and receiving organisations are invented (' (demo)'); market values are "
            "lognormal (median about £180,000, parks a quarter of that); discounts apply under the CAT policy. "
            "date_agreed is blank unless completed. " + coverage
            + ("" if ward_names else " Ward names are blank: the Code-Point code list was not found.")))
        total += len(rows)
    counts["asset_transfers"] = total
    order = ("spend", "suppliers", "asset_transfers", "pilot_metrics")
    return {k: counts[k] for k in order}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl demo", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default data/demo)")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder holding raw/registers (default data)")
    args = parser.parse_args(argv)
    counts = generate(args.seed, args.out, args.data_dir)
    out = args.out or (args.data_dir or config.DATA_DIR) / "demo"
    print(f"Synthetic demo data (seed {args.seed}) written to {out}:")
    for dataset, n in counts.items():
        print(f"  {dataset}: {n:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
