"""Benchmark data: a complete data folder whose spend is generated at scale, in the real councils' layouts.

    python bench/generate.py --rows N --out DIR [--seed S] [--councils K]
    python bench/generate.py --one-file PATH --council CODE --period YYYY-MM [--rows 5000] [--seed S]
    python bench/generate.py --sample-names-from WAREHOUSE       (maintainers: refresh bench/supplier_names.csv.gz)

The first form copies the repo's data/ tree into DIR, leaving out data/raw/spend, data/demo/spend and any
warehouse, and writes N spend lines (10,000,000 by default) as DIR/raw/spend/<council folder>/spend/<YYYY-MM>.csv.gz,
each with a provenance file saying it is synthetic benchmark data. `python -m etl build --data DIR` builds it.
Same seed, same bytes (gzip with mtime 0).

What is realistic about it, and where each figure comes from:
- Councils: real English LAD codes (the IMD 2019 LAD file), network councils and others alternately in an order
  fixed by the seed; a council-year holds 0.35 lines per resident (Leeds: about 280k lines for 790k people),
  kept within 100k-300k, for 60 months (2019-04 to 2024-03), more in March and a little growth each year.
  As many councils as N needs; --councils K fixes the number instead (the volume is then shared between them).
- Layouts: each council takes one of LAYOUTS (the header, column order, date and amount format, encoding and
  end-of-file rows of a shipped council's files, plus one with title lines above the header), by its place in
  the order (turned by the seed), so every layout appears once there are ten councils.
- Suppliers: 5k-15k distinct names a council-year (lines / 20), a pool that churns from year to year, lines per
  supplier heavy-tailed (Zipf). Names are real organisation names of the shipped councils (bench/supplier_names.csv.gz:
  private, public body, VCSE and organisation-shaped unknowns, from a built warehouse's `suppliers`, organisations
  only, never a person's name), generated company names ('X Y LTD'), charity and CIC names, schools and councils,
  trading names with no legal form, and person-like names ('MR A SMITH') and redactions (never a real person's).
- Amounts: log-normal, median about £425 and a 99th percentile near £70k as in the shipped spend, a supplier
  scale times a line's; 2.3% credits.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kil import councils as network  # noqa: E402

NAMES_FILE = Path(__file__).with_name("supplier_names.csv.gz")
MONTHS = [f"{y}-{m:02d}" for y in range(2019, 2025) for m in range(1, 13)][3:3 + 60]   # 2019-04 .. 2024-03
LINES_PER_RESIDENT = 0.35
YEAR_LINES = (100_000, 300_000)
SUPPLIERS_PER_YEAR = (5_000, 15_000)
LINES_PER_SUPPLIER = 20
CREDIT_SHARE = 0.023
GZIP_LEVEL = 1


# ---- vocabulary for generated names ---------------------------------------------------------------------------

SURNAMES = """SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES ROBINSON WRIGHT THOMPSON EVANS WALKER WHITE
ROBERTS GREEN HALL WOOD JACKSON CLARKE PATEL KHAN LEWIS JAMES PHILLIPS MASON MITCHELL ROSE DAVIS RODRIGUEZ COX
ALEXANDER MORGAN MOORE MARTIN PRICE SCOTT AHMED HUSSAIN ALI BEGUM SHAW LEE HUGHES EDWARDS TURNER HILL CAMPBELL
COOPER WARD MORRIS KING HARRIS BAKER ALLEN YOUNG ANDERSON BELL PARKER BENNETT GRIFFITHS OWEN CARTER COLLINS
MURPHY CHAPMAN RICHARDSON KELLY HOWARD MARSHALL SIMPSON ELLIS FOSTER WEBB HUNT PALMER BARKER HOLMES MILLS
LLOYD KNIGHT BUTLER RUSSELL BARNES FISHER STEVENS DIXON HARRISON GIBSON HOLDEN BRADLEY SUTCLIFFE BRIGGS
OLDROYD ACKROYD HAIGH LOCKWOOD""".split()
FORENAMES = """JOHN DAVID MICHAEL PAUL ANDREW PETER JAMES SARAH SUSAN KAREN JULIE HELEN MOHAMMED AMIR FATIMA
EMMA CLAIRE RACHEL MARK STEVEN GARY IAN TOM LUCY ANNA GRACE OLIVER JACK HARRY""".split()
WORDS = """ACORN ALPHA APEX ARROW ASPEN ATLAS AVON AZURE BADGER BEACON BIRCH BLUE BRIGHT BRIDGE BROOK CASTLE
CEDAR CENTRAL CHARTER CITY CLEAR COAST COMPASS CORNER CREST CROWN DALE DELTA DIAMOND EAGLE EAST ELITE
EMERALD EVEREST FALCON FIRST FORGE FOX FUSION GATEWAY GLOBAL GOLDEN GRANITE GREENWAY HARBOUR HAWK HERITAGE
HIGHLAND HORIZON IRON JUBILEE KESTREL KEYSTONE LAKESIDE LANTERN LINK MAPLE MEADOW MERIDIAN METRO MILLENNIUM
NEXUS NORTH NORTHERN OAK OMEGA ORBIT PARK PEAK PENNINE PHOENIX PILLAR PINNACLE PIONEER PREMIER PRIME QUALITY
QUANTUM RAVEN REGAL RIDGE RIVERSIDE ROCK ROYAL SAPPHIRE SHIELD SILVER SOLAR SOUTH SOVEREIGN SPECTRUM SPRING
STAR STERLING STONE SUMMIT SUNRISE SWIFT TITAN TOWER TRIDENT UNITY UNIVERSAL VALE VALLEY VANGUARD VECTOR
VERTEX VICTORIA VISTA WATERSIDE WEST WILLOW WINDSOR YORKSHIRE ZENITH""".split()
TRADES = """BUILDING SERVICES,CONSTRUCTION,ROOFING,ELECTRICAL,PLUMBING AND HEATING,CLEANING SERVICES,CATERING,
TRAVEL,TAXIS,COACHES,FACILITIES MANAGEMENT,IT SOLUTIONS,CONSULTING,RECRUITMENT,HOME CARE,CARE SERVICES,
SECURITY,LANDSCAPES,GROUNDWORKS,ENGINEERING,SUPPLIES,PRINTING,MEDIA,TRAINING,LEGAL SERVICES,SURVEYORS,
TRANSPORT,WASTE MANAGEMENT,FENCING,SCAFFOLDING,GLAZING,DECORATORS,FOSTERING,SUPPORTED LIVING,
TECHNOLOGY,OFFICE SUPPLIES,HIGHWAYS,PLANT HIRE,TYRES,FUELS""".replace("\n", "").split(",")
PLACES = """ARMLEY BATLEY BINGLEY BRIGHOUSE CASTLEFORD DEWSBURY ELLAND FEATHERSTONE HALIFAX HEBDEN HOLBECK HORSFORTH
HUDDERSFIELD ILKLEY KEIGHLEY KNOTTINGLEY MIRFIELD MORLEY NORMANTON OSSETT OTLEY PONTEFRACT PUDSEY ROTHWELL
SHIPLEY TODMORDEN WETHERBY YEADON HARTLEPOOL DARLINGTON STOCKTON GATESHEAD JESMOND BYKER WALKER HEATON FENHAM
DECKHAM BARNSLEY DONCASTER MALTBY WATH DINNINGTON RAWMARSH WOMBWELL HACKNEY DALSTON CLAPTON HOMERTON DEPTFORD
CATFORD BROCKLEY SYDENHAM LEWISHAM ELTHAM BRISTOL BEDMINSTER EASTON KINGSWOOD YATE THORNBURY CHESTER
ELLESMERE NORTHWICH WINSFORD HASTINGS LEWES EASTBOURNE MALVERN UPTON TENBURY BIRKENHEAD WALLASEY HOYLAKE
OLDHAM SHAW CHADDERTON ROYTON FAILSWORTH SADDLEWORTH""".split()
VCSE = ["{p} COMMUNITY ASSOCIATION", "{p} COMMUNITY TRUST", "FRIENDS OF {p} PARK", "{p} YOUTH PROJECT",
        "{p} CREDIT UNION LIMITED", "{w} {t} CIC", "{w} {t} COMMUNITY INTEREST COMPANY", "{p} FOOD BANK",
        "{p} AGE CONCERN", "{p} CITIZENS ADVICE", "{p} MIND", "{p} CARERS CENTRE", "{w} HOUSING ASSOCIATION LIMITED",
        "{p} DEVELOPMENT TRUST", "{p} SCOUT GROUP", "{w} FOUNDATION", "{p} SPORTS CLUB"]
PUBLIC = ["{p} PRIMARY SCHOOL", "{p} ACADEMY TRUST", "{p} C OF E PRIMARY SCHOOL", "{p} HIGH SCHOOL",
          "{p} TOWN COUNCIL", "{p} PARISH COUNCIL", "{p} NURSERY SCHOOL", "{p} MEDICAL PRACTICE"]
UNKNOWN = ["{s} & SONS", "{s} AND SON", "{w} {t}", "{p} {t}", "{p} DAY NURSERY", "{f} {s}", "{s} BROTHERS",
           "{w} {t} SERVICES", "THE {w} {t}", "{s} {t}", "{f} {s} {t}", "{p} MOTORS", "{w} HOMES", "{s} ASSOCIATES"]
PRIVATE_SUFFIXES = ["LTD", "LIMITED", "LTD", "LIMITED", "LLP", "PLC", "(UK) LTD", "Ltd", "Limited", "GROUP LTD"]
PEOPLE = ["MR {i} {s}", "MRS {i} {s}", "MISS {i} {s}", "MS {i} {s}", "DR {i} {s}", "MR {f} {s}"]
REDACTED = ["REDACTED PERSONAL DATA", "REDACTED", "NAME WITHHELD", "DETAILS REDACTED", "REDACTED - PERSONAL DATA"]
ACCENTED = ["CAFÉ {p}", "{p} CRÈCHE", "SOCIÉTÉ {w} LTD", "D’{w} CATERING LTD", "{w} NAÏVE ARTS CIC",
            "{p} CAFÉ & DELI", "BRASSERIE {w} – {p}"]      # cp1252 has all of these characters

SERVICES = """Adult Social Care,Children and Families,Resources and Housing,City Development,Communities and
Environment,Public Health,Education and Skills,Highways and Transportation,Waste Management,Parks and
Countryside,Culture and Leisure,Libraries,Housing Revenue Account,Regeneration,Planning,Legal Services,
Finance,Human Resources,Digital and ICT,Corporate Property,Schools,Early Years,Youth Services,Safeguarding,
Commissioning,Customer Services,Registrars,Environmental Health,Trading Standards,Capital Programme""".replace(
    "\n", " ").split(",")
EXPENSES = """Professional Fees,Equipment Furniture And Materials,Private Contractors,Building Repairs And
Maintenance,Home Care - Independent Sector,Residential Placements,Foster Care,Grants To Voluntary
Organisations,Catering,Printing And Stationery,Software Licences,Telephones,Vehicle Hire,Fuel,Energy Costs,
Water Services,Cleaning And Domestic Supplies,Training,Agency Staff,Consultancy,Legal Fees,Rents,Rates,
Insurance,Postage,Advertising,Transport Contracts,Highway Materials,Waste Disposal,Security Services,
Direct Payments,Supported Living,Education Provision,Childcare Vouchers,Subscriptions,Hospitality""".replace(
    "\n", " ").split(",")


def _csv_field(value: str) -> str:
    """One CSV field as Python's csv module (QUOTE_MINIMAL) would write it."""
    if any(ch in value for ch in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


# ---- councils and volumes --------------------------------------------------------------------------------------

@dataclass
class Council:
    code: str
    population: int
    year_lines: int          # lines a council-year holds at full scale (before --rows sharing)
    layout: str
    suppliers: int           # distinct suppliers a council-year at full scale


def _populations(data_dir: Path) -> dict[str, int]:
    """Every English LAD of the IMD 2019 file with its mid-2019 population (the Covid file's figure)."""
    codes = []
    with open(data_dir / "raw" / "deprivation" / "imd2019_lad19_england.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            codes.append(row["lad_code"])
    pops: dict[str, int] = {}
    with open(data_dir / "raw" / "covid" / "ltla_covid_cases_weekly_england.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["area_code"] not in pops and row["population"]:
                pops[row["area_code"]] = int(float(row["population"]))
    return {code: pops.get(code, 150_000) for code in codes}


def council_order(data_dir: Path, seed: int) -> list[Council]:
    """Every candidate council in the order the generator takes them: network and other councils alternately."""
    pops = _populations(data_dir)
    for code in network.NETWORK:       # counties (East Sussex) are not LADs: about 550k people
        pops.setdefault(code, 550_000)
    rng = np.random.default_rng([seed, 1])
    net = sorted(network.NETWORK)
    others = sorted(c for c in pops if c not in network.NETWORK)
    net = [net[i] for i in rng.permutation(len(net))]
    others = [others[i] for i in rng.permutation(len(others))]
    order = [c for pair in zip(net, others) for c in pair] + others[len(net):]
    out = []
    for i, code in enumerate(order):
        jitter = float(np.random.default_rng([seed, 2, i]).uniform(0.9, 1.1))
        year_lines = int(np.clip(pops[code] * LINES_PER_RESIDENT * jitter, *YEAR_LINES))
        out.append(Council(code, pops[code], year_lines, LAYOUT_NAMES[(i + seed) % len(LAYOUT_NAMES)],
                           int(np.clip(year_lines / LINES_PER_SUPPLIER, *SUPPLIERS_PER_YEAR))))
    return out


def choose_councils(order: list[Council], rows: int, count: int | None) -> list[tuple[Council, int]]:
    """(council, lines over the 60 months) adding up to `rows`."""
    years = len(MONTHS) / 12
    if count:
        chosen = order[:count]
    else:
        chosen, total = [], 0
        for c in order:
            if total >= rows:
                break
            chosen.append(c)
            total += int(c.year_lines * years)
    weights = np.array([c.year_lines for c in chosen], float)
    shares = np.floor(weights / weights.sum() * rows).astype(int)
    shares[0] += rows - shares.sum()
    return list(zip(chosen, shares.tolist()))


def month_counts(lines: int, rng: np.random.Generator) -> np.ndarray:
    """Lines of each of the 60 months: more in March (year end), fewer in April and December, 3% growth a year."""
    month = np.array([int(m[5:]) for m in MONTHS])
    year = np.arange(len(MONTHS)) // 12
    w = np.where(month == 3, 1.4, np.where((month == 4) | (month == 12), 0.85, 1.0)) * 1.03 ** year
    w = w * rng.uniform(0.9, 1.1, len(MONTHS))
    counts = np.floor(w / w.sum() * lines).astype(int)
    counts[np.argsort(-w)[: lines - counts.sum()]] += 1
    return counts


# ---- suppliers --------------------------------------------------------------------------------------------------

def _real_names() -> dict[str, list[str]]:
    by_class: dict[str, list[str]] = {}
    with gzip.open(NAMES_FILE, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_class.setdefault(row["class"], []).append(row["name"])
    return by_class


_REAL = None

# (kind, share of a council's distinct suppliers): shares as in the shipped councils' classes (private about a
# third, unknown about 60%, public bodies 6%, VCSE 4%, people 2%).
MIX = [("real_private", 0.20), ("gen_private", 0.12), ("real_unknown", 0.06), ("gen_unknown", 0.48),
       ("real_public_body", 0.03), ("gen_public", 0.03), ("real_vcse", 0.02), ("gen_vcse", 0.02),
       ("person", 0.02), ("redacted", 0.002), ("accented", 0.008)]


def supplier_pool(code: str, size: int, seed: int) -> dict[str, np.ndarray]:
    """`size` distinct supplier names for a council, with an id, a company number (or '') and a scale of spend."""
    global _REAL
    if _REAL is None:
        _REAL = _real_names()
    rng = np.random.default_rng([seed, 3, int(code[1:])])
    pick = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731
    names: list[str] = []
    seen: set[str] = set()
    kinds = rng.choice(len(MIX), size=size, p=np.array([s for _, s in MIX]) / sum(s for _, s in MIX))
    for k in kinds:
        kind = MIX[k][0]
        for _attempt in range(20):
            if kind.startswith("real_"):
                name = pick(_REAL[kind[5:]])
            else:
                fill = dict(w=pick(WORDS), t=pick(TRADES), p=pick(PLACES).title() if rng.random() < 0.3 else pick(PLACES),
                            s=pick(SURNAMES), f=pick(FORENAMES), i=chr(65 + int(rng.integers(26))))
                template = {"gen_private": lambda: pick(["{w} {t}", "{w} {w2}", "{s} {t}", "{p} {t}"]) + " "
                            + pick(PRIVATE_SUFFIXES), "gen_unknown": lambda: pick(UNKNOWN),
                            "gen_public": lambda: pick(PUBLIC), "gen_vcse": lambda: pick(VCSE),
                            "person": lambda: pick(PEOPLE), "redacted": lambda: pick(REDACTED),
                            "accented": lambda: pick(ACCENTED)}[kind]()
                fill["w2"] = pick(WORDS)
                name = template.format(**fill)
                if rng.random() < 0.25 and kind not in ("person", "redacted"):
                    name = name.title()
            if name not in seen or kind == "redacted":
                break
        if kind == "redacted" and name in seen:
            continue
        seen.add(name)
        names.append(name)
    n = len(names)
    company = np.where([("LTD" in x.upper() or "LIMITED" in x.upper()) and rng.random() < 0.3 for x in names],
                       np.char.zfill(rng.integers(100_000, 13_999_999, n).astype(str), 8), "")
    return {
        "name": np.array(names, dtype=object),
        "quoted": np.array([_csv_field(x) for x in names], dtype=object),
        "id": np.array([str(x) for x in rng.integers(100_000, 999_999, n)], dtype=object),
        "company": company.astype(object),
        "scale": rng.lognormal(0.0, 1.5, n),
        "service": rng.integers(0, len(SERVICES), n),
        "expense": rng.integers(0, len(EXPENSES), n),
    }


def year_suppliers(pool_size: int, distinct: int, lines: int, year: int, rng: np.random.Generator) -> np.ndarray:
    """Supplier indices of a council-year's lines: `distinct` suppliers (a core kept every year and the rest drawn
    afresh), each with at least one line, the rest by a Zipf law over the year's suppliers."""
    distinct = max(1, min(distinct, lines, pool_size))
    core = int(distinct * 0.6)
    rest = rng.choice(np.arange(core, pool_size), size=distinct - core, replace=False)
    active = np.concatenate([np.arange(core), rest])
    active = active[rng.permutation(len(active))]          # popularity rank is not pool order
    weights = 1.0 / (np.arange(1, distinct + 1) + 5.0) ** 1.1
    counts = 1 + rng.multinomial(lines - distinct, weights / weights.sum())
    return rng.permutation(np.repeat(active, counts))


# ---- layouts ----------------------------------------------------------------------------------------------------

@dataclass
class Lines:
    """One file's lines as arrays (the layout turns them into text)."""
    council: str
    period: str
    day: np.ndarray          # date ordinals
    cents: np.ndarray        # int64 pennies
    sup: np.ndarray          # index into the pool
    pool: dict
    txn: np.ndarray
    rng: np.random.Generator

    def col(self, key):
        return self.pool[key][self.sup]


def _dates(ordinals: np.ndarray, fmt: Callable[[dt.date], str]) -> np.ndarray:
    uniq, inv = np.unique(ordinals, return_inverse=True)
    return np.array([fmt(dt.date.fromordinal(int(o))) for o in uniq], dtype=object)[inv]


def _serial(d: dt.date) -> str:
    return str(d.toordinal() - dt.date(1899, 12, 30).toordinal())


def _amount_plain(cents: np.ndarray) -> list[str]:            # 831.78, -12.50
    return [f"{c / 100:.2f}" for c in cents.tolist()]


def _amount_short(cents: np.ndarray) -> list[str]:            # 4575, 7195.18, 8692.2, -950 (Kirklees, Rotherham)
    out = []
    for c in cents.tolist():
        if c % 100 == 0:
            out.append(str(c // 100))
        elif c % 10 == 0:
            out.append(f"{c / 100:.1f}")
        else:
            out.append(f"{c / 100:.2f}")
    return out


def _amount_hackney(cents: np.ndarray) -> list[str]:          # " £ 3,750.00 " quoted when it holds a comma
    out = []
    for c in cents.tolist():
        s = f" £ {c / 100:,.2f} "
        out.append(f'"{s}"' if "," in s else s)
    return out


def _amount_wakefield(cents: np.ndarray) -> list[str]:        # "1,200.00 ", credits "(612.40)"
    out = []
    for c in cents.tolist():
        s = f"({-c / 100:,.2f})" if c < 0 else f"{c / 100:,.2f} "
        out.append(f'"{s}"' if "," in s else s)
    return out


def _fixed(value: str, n: int) -> np.ndarray:
    return np.full(n, value, dtype=object)


def _pick(values: list[str], idx: np.ndarray) -> np.ndarray:
    return np.array([_csv_field(v) for v in values], dtype=object)[idx]


@dataclass
class Layout:
    encoding: str
    header: str
    columns: Callable[[Lines], list]          # the fields of every line, in order
    title: Callable[[Lines], list[str]] = lambda f: []
    footer: Callable[[Lines], list[str]] = lambda f: []
    sort_by_name: bool = False
    # lines the real ETL is meant to reject (title lines are skipped above the header, not read)
    footer_rejects: int = 0


def _total(f: Lines) -> str:
    return f"{int(f.cents.sum()) / 100:,.2f}"


def _month_name(f: Lines) -> str:
    return dt.date(int(f.period[:4]), int(f.period[5:]), 1).strftime("%B")


def _fin_year(f: Lines) -> str:
    y, m = int(f.period[:4]), int(f.period[5:])
    start = y if m >= 4 else y - 1
    return f"{start}/{(start + 1) % 100:02d}"


LAYOUTS: dict[str, Layout] = {
    # Leeds (ODI Leeds processed form): ISO dates, plain amounts; some months cp1252.
    "leeds": Layout(
        "cp1252", "Payment Date,Amount,Organisational Unit,Beneficiary Name,Company Number,Charity Number",
        lambda f: [_dates(f.day, dt.date.isoformat), _amount_plain(f.cents), _pick(SERVICES, f.col("service")),
                   f.col("quoted"), f.col("company"), _fixed("", len(f.day))],
        sort_by_name=True),
    # Bradford: cp1252, ISO dates, service and expenditure codes.
    "bradford": Layout(
        "cp1252", "Service Code,Service Label,Expenditure code,Expenditure category,Payment date,Transaction "
                  "Number,Net Amount,Supplier Number,Supplier Name",
        lambda f: [_fixed("", len(f.day)), _pick(SERVICES, f.col("service")),
                   (6000 + f.col("expense")).astype(str).astype(object), _pick(EXPENSES, f.col("expense")),
                   _dates(f.day, dt.date.isoformat), f.txn.astype(str).astype(object), _amount_short(f.cents),
                   f.col("id"), f.col("quoted")]),
    # Calderdale: the 22-column LGTC header, ISO dates.
    "calderdale": Layout(
        "utf-8", "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,"
                 "Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,"
                 "Supplier ID,VAT Registration Number,Expense Area,Procurement Classification: Council's Procurement "
                 "Category Name,Expense Code,BVACOP,Proclass,Extended Description,Source,Subsource,Definition,"
                 "Purpose of Spend (Summary)",
        lambda f: [_fixed(f"http://statistics.data.gov.uk/doc/local-authority-district/{f.council}", len(f.day)),
                   _fixed("The Borough Council", len(f.day)), _dates(f.day, dt.date.isoformat),
                   f.txn.astype(str).astype(object), f.txn.astype(str).astype(object), _amount_plain(f.cents),
                   _fixed("N/A", len(f.day)), f.col("quoted"), f.col("company"), _fixed("", len(f.day)),
                   f.col("id"), _fixed("", len(f.day)), _pick(SERVICES, f.col("service")),
                   _pick(EXPENSES, f.col("expense")), (12_000_000 + f.col("expense")).astype(str).astype(object),
                   _fixed("", len(f.day)), _fixed("", len(f.day)), _fixed("", len(f.day)), _fixed("IV", len(f.day)),
                   _fixed("AP", len(f.day)), _fixed("Accounts Payable Invoices", len(f.day)),
                   _fixed("Payment of accounts payable invoices", len(f.day))]),
    # Hackney: numbered headers, dd/mm/yy, ' £ 3,750.00 ' amounts, a Grand Total row at the end.
    "hackney": Layout(
        "utf-8", "1. YEAR,2. MONTH,3. DATE INCURRED,4. DATE PAID,5. BENEFICIARY,6. SUPPLIER NO.,7. DEPARTMENT,"
                 "8. PURPOSE OF EXPENDITURE,9. MERCHANT CATEGORY,Total",
        lambda f: [_fixed(_fin_year(f), len(f.day)), _fixed(_month_name(f).upper(), len(f.day)),
                   _dates(f.day - 7, lambda d: d.strftime("%d/%m/%y")), _dates(f.day, lambda d: d.strftime("%d/%m/%y")),
                   f.col("quoted"), f.col("id"), _pick([s.upper() for s in SERVICES], f.col("service")),
                   _pick([e.upper() for e in EXPENSES], f.col("expense")),
                   _pick([e.upper() for e in EXPENSES], f.col("expense")), _amount_hackney(f.cents)],
        footer=lambda f: [f'Grand Total,,,,,,,,," £ {_total(f)} "'], sort_by_name=True, footer_rejects=1),
    # Kirklees: spreadsheet serial dates, short amounts, 'REDACTED DATA' purposes.
    "kirklees": Layout(
        "utf-8", "Payment Date,Transaction Number,Amount Excluding VAT,Vendor Number,Vendor Name,Company Number,"
                 "Debit/Credit Indicator,PO Number,Document Type,Cost Centre,Cost Centre Description,Proclass Code,"
                 "Proclass Description,Purpose of Spend",
        lambda f: [_dates(f.day, _serial), f.txn.astype(str).astype(object), _amount_short(f.cents), f.col("id"),
                   f.col("quoted"), f.col("company"), np.where(f.cents < 0, "S", "H").astype(object),
                   _fixed("", len(f.day)), _fixed("KR", len(f.day)),
                   (100_000 + f.col("service")).astype(str).astype(object), _pick(SERVICES, f.col("service")),
                   _fixed("", len(f.day)), _pick(EXPENSES, f.col("expense")),
                   np.where(f.rng.random(len(f.day)) < 0.3, "REDACTED DATA", "").astype(object)]),
    # Lewisham: dd/mm/yyyy, '£ SPEND (EXCLUDING VAT)', a totals row with only the amount at the end.
    "lewisham": Layout(
        "utf-8", "PAYMENT DATE,SUPPLIER,SERVICE,DEPARTMENT,DESCRIPTION,£ SPEND (EXCLUDING VAT)",
        lambda f: [_dates(f.day, lambda d: d.strftime("%d/%m/%Y")), f.col("quoted"),
                   _pick([s.upper() for s in SERVICES], f.col("service")),
                   _pick([s.upper() for s in SERVICES], f.col("service")),
                   _pick([e.upper() for e in EXPENSES], f.col("expense")), _amount_short(f.cents)],
        footer=lambda f: [",,,,," + repr(float(int(f.cents.sum()) / 100) + 2e-8)], footer_rejects=1),
    # Newcastle: directorate columns, ISO dates.
    "newcastle": Layout(
        "utf-8", "Directorate,Service Area,Group Description,Paid Date,Supplier Name,Internal Ref,Cap/Rev,Cost Centre,"
                 "Cost Centre Name,Total (excludes VAT)",
        lambda f: [_pick(["People", "Place", "Resources", "Operations & Reg Services"], f.col("service") % 4),
                   _pick(SERVICES, f.col("service")), _fixed("Revenue Expenditure", len(f.day)),
                   _dates(f.day, dt.date.isoformat), f.col("quoted"), f.txn.astype(str).astype(object),
                   _fixed("revenue", len(f.day)), (10_000 + f.col("expense")).astype(str).astype(object),
                   _pick(EXPENSES, f.col("expense")), _amount_plain(f.cents)],
        sort_by_name=True),
    # Rotherham: serial dates, upper-case header.
    "rotherham": Layout(
        "utf-8", "BODY,EXPENSE AREA,NAME,EXPENSE TYPE,REFERENCE,DATE,AMOUNT",
        lambda f: [_fixed("Metropolitan Borough Council", len(f.day)), _pick(SERVICES, f.col("service")),
                   f.col("quoted"), _pick(EXPENSES, f.col("expense")), f.txn.astype(str).astype(object),
                   _dates(f.day, _serial), _amount_short(f.cents)]),
    # Wakefield (2023 on): cp1252, 'Effective Date' 30.06.23, dd/mm/yyyy, "1,200.00 " amounts, (612.40) credits,
    # a line of bare commas at the end.
    "wakefield": Layout(
        "cp1252", "Organisation Name,Organisation Code,Effective Date,Cost Centre Narrative,Supplier Name,"
                  "Comp. reg. no,Charity Number,Date,TransNo,Seq No,Amount,Description of Spend(T),Catman,Catman(T),"
                  "Thomclas,Thomclas(T),Subcatman,Subcatman(T)",
        lambda f: [_fixed("Metropolitan District Council", len(f.day)), _fixed(f.council, len(f.day)),
                   _fixed(dt.date.fromordinal(int(f.day.max())).strftime("%d.%m.%y"), len(f.day)),
                   _pick(SERVICES, f.col("service")), f.col("quoted"), f.col("company"), _fixed("N/A", len(f.day)),
                   _dates(f.day, lambda d: d.strftime("%d/%m/%Y")), f.txn.astype(str).astype(object),
                   _fixed("1", len(f.day)), _amount_wakefield(f.cents), _pick(EXPENSES, f.col("expense")),
                   _fixed("CAT04", len(f.day)), _fixed("Adult Services", len(f.day)), _fixed("69475", len(f.day)),
                   _fixed("Carers & Home Help Services", len(f.day)), _fixed("SUBCAT0402", len(f.day)),
                   _fixed("Specialist Homecare", len(f.day))],
        footer=lambda f: [","*17], footer_rejects=1),
    # Title lines above the header (a council name, a caption with '£', a blank line), cp1252, dd/mm/yyyy,
    # '£1,234.56' amounts, a Total row at the end.
    "titled": Layout(
        "cp1252", "Service Area,Expenditure Category,Payment Date,Supplier Name,Transaction Number,Amount",
        lambda f: [_pick(SERVICES, f.col("service")), _pick(EXPENSES, f.col("expense")),
                   _dates(f.day, lambda d: d.strftime("%d/%m/%Y")), f.col("quoted"),
                   f.txn.astype(str).astype(object),
                   [(f'"-£{-c / 100:,.2f}"' if c < 0 else f'"£{c / 100:,.2f}"') for c in f.cents.tolist()]],
        title=lambda f: [f"Council {f.council}", f"Payments to suppliers over £500 - {_month_name(f)} {f.period[:4]}",
                         ""],
        footer=lambda f: [f',,,Total,,"£{_total(f)}"'], footer_rejects=1),
}
LAYOUT_NAMES = list(LAYOUTS)


def render(layout: Layout, f: Lines) -> bytes:
    """A file's bytes (gzip level 1, mtime 0)."""
    if layout.sort_by_name:
        order = np.lexsort((f.day, f.pool["name"][f.sup].astype(str)))
        f = Lines(f.council, f.period, f.day[order], f.cents[order], f.sup[order], f.pool, f.txn, f.rng)
    cols = layout.columns(f)
    body = "\n".join(map(",".join, zip(*cols)))
    text = "\n".join([*layout.title(f), layout.header, body, *layout.footer(f)]) + "\n"
    raw = text.encode(layout.encoding, errors="replace")
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=GZIP_LEVEL, mtime=0, filename="") as g:
        g.write(raw)
    return out.getvalue()


def amounts(pool: dict, sup: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pennies: a supplier's scale times a line's log-normal, median about £425; 2.3% credits."""
    pounds = 425.0 * pool["scale"][sup] * rng.lognormal(0.0, 1.5, len(sup))
    cents = np.clip(np.round(pounds * 100), 1, 5_000_000_000).astype(np.int64)
    cents = np.where(rng.random(len(sup)) < 0.3, (cents // 100) * 100, cents)      # round pounds, often
    cents = np.maximum(cents, 1)
    return np.where(rng.random(len(sup)) < CREDIT_SHARE, -cents, cents)


def month_lines(council: str, period: str, sup: np.ndarray, pool: dict, txn0: int, rng) -> Lines:
    y, m = int(period[:4]), int(period[5:])
    first = dt.date(y, m, 1).toordinal()
    days = (dt.date(y + (m == 12), m % 12 + 1, 1).toordinal() - first)
    day = first + rng.integers(0, days, len(sup))
    return Lines(council, period, day, amounts(pool, sup, rng), sup, pool,
                 txn0 + np.arange(len(sup), dtype=np.int64), rng)


def provenance(path: Path, council: str, period: str, layout: str, seed: int, lines: int) -> None:
    import hashlib
    record = {
        "source": f"bench/generate.py --seed {seed}",
        "publisher": "Keep it Local benchmark (generated)",
        "licence": "synthetic benchmark data, no licence needed",
        "attribution": "",
        "retrieved": "",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "notes": f"SYNTHETIC benchmark data, not published by any council: {lines} lines in the {layout} layout. "
                 "Supplier names mix real organisation names of the shipped councils with generated ones.",
        "synthetic": True,
        "benchmark": True,
        "council": network.slug(council),
        "kind": "spend",
        "period": period,
        "layout": layout,
    }
    path.with_name(path.name + ".provenance.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                                             encoding="utf-8")


# ---- the two modes ----------------------------------------------------------------------------------------------

def copy_reference(src: Path, out: Path) -> None:
    """The data tree without spend and without warehouses."""
    skip = {src / "raw" / "spend", src / "demo" / "spend"}

    def ignore(folder, names):
        return [n for n in names if Path(folder) / n in skip or ".duckdb" in n]
    shutil.copytree(src, out, ignore=ignore, dirs_exist_ok=True)


def generate(rows: int, out: Path, seed: int, count: int | None = None, src: Path | None = None) -> dict:
    src = Path(src or ROOT / "data")
    started = time.perf_counter()
    out = Path(out)
    if (out / "raw" / "spend").exists():
        shutil.rmtree(out / "raw" / "spend")
    copy_reference(src, out)
    plan = choose_councils(council_order(src, seed), rows, count)
    files = lines_total = rejects = 0
    for council, lines in plan:
        rng = np.random.default_rng([seed, 4, int(council.code[1:])])
        distinct = council.suppliers
        pool = supplier_pool(council.code, int(distinct * 1.5), seed)
        counts = month_counts(lines, rng)
        layout = LAYOUTS[council.layout]
        folder = out / "raw" / "spend" / network.slug(council.code) / "spend"
        folder.mkdir(parents=True, exist_ok=True)
        txn = 1_900_000_000 + int(rng.integers(0, 10_000_000))
        for year in range(len(MONTHS) // 12):
            year_counts = counts[year * 12:(year + 1) * 12]
            year_lines = int(year_counts.sum())
            d = min(distinct, year_lines // 3 or 1)     # 5k-15k a year, fewer only in a tiny run
            sups = year_suppliers(len(pool["name"]), d, year_lines, year, rng)
            start = 0
            for i, n in enumerate(year_counts.tolist()):
                period = MONTHS[year * 12 + i]
                f = month_lines(council.code, period, sups[start:start + n], pool, txn, rng)
                start += n
                txn += n
                path = folder / f"{period}.csv.gz"
                path.write_bytes(render(layout, f))
                provenance(path, council.code, period, council.layout, seed, n)
                files += 1
                lines_total += n
                rejects += layout.footer_rejects
        print(f"  {council.code} ({network.slug(council.code)}): {lines:,} lines, layout {council.layout}, "
              f"{council.suppliers:,} suppliers a year at full scale", flush=True)
    seconds = time.perf_counter() - started
    summary = {"rows": lines_total, "files": files, "councils": len(plan), "intended_rejects": rejects,
               "seconds": round(seconds, 1), "out": str(out)}
    print(f"wrote {lines_total:,} lines in {files} files for {len(plan)} councils into {out} in {seconds:.1f}s "
          f"(plus {rejects} totals/blank rows the ETL rejects)")
    return summary


def one_file(path: Path, council: str, period: str, rows: int, seed: int, src: Path | None = None) -> dict:
    """One month of `rows` lines for a council, in the layout and with the suppliers the full run gives it."""
    started = time.perf_counter()
    src = Path(src or ROOT / "data")
    order = {c.code: c for c in council_order(src, seed)}
    if council not in order:
        raise SystemExit(f"{council}: not an English council code of data/raw/deprivation (e.g. E08000035)")
    c = order[council]
    rng = np.random.default_rng([seed, 5, int(council[1:]), int(period.replace("-", ""))])
    pool = supplier_pool(c.code, int(c.suppliers * 1.5), seed)
    sups = year_suppliers(len(pool["name"]), min(c.suppliers, max(1, rows // 3)), rows, 0, rng)
    f = month_lines(c.code, period, sups, pool, 2_900_000_000, rng)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(LAYOUTS[c.layout], f))
    seconds = time.perf_counter() - started
    print(f"wrote {rows:,} lines for {council} {period} in the {c.layout} layout to {path} in {seconds:.1f}s")
    return {"rows": rows, "files": 1, "layout": c.layout, "seconds": round(seconds, 1), "out": str(path)}


def sample_names(warehouse: Path, seed: int = 1) -> None:
    """bench/supplier_names.csv.gz from a built warehouse: organisations only (never a person-shaped name),
    names cp1252 can write; all public bodies, VCSEs and organisation-shaped unknowns, 10,000 private."""
    import duckdb
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("""
        select distinct class, display_name from suppliers
        where is_organisation and display_name is not null and class in ('private', 'public_body', 'vcse', 'unknown')
        order by 1, 2
    """).fetchall()
    con.close()
    rng = np.random.default_rng(seed)
    keep = []
    for cls in ("private", "public_body", "vcse", "unknown"):
        names = [n.strip() for c, n in rows if c == cls]
        names = [n for n in names if n and n.isprintable() and _encodable(n)]
        if cls == "private" and len(names) > 10_000:
            names = [names[i] for i in sorted(rng.choice(len(names), 10_000, replace=False))]
        keep += [(n, cls) for n in names]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "class"])
    w.writerows(keep)
    NAMES_FILE.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), 9, mtime=0))
    print(f"wrote {len(keep):,} names to {NAMES_FILE}")


def _encodable(name: str) -> bool:
    try:
        name.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, help="lines to write (10,000,000 by default; 5,000 with --one-file)")
    p.add_argument("--out", type=Path, help="the data folder to write")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--councils", type=int, help="this many councils, sharing the lines (default: as many as needed)")
    p.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder to copy the reference data from")
    p.add_argument("--one-file", type=Path, metavar="PATH", help="write one monthly file instead")
    p.add_argument("--council", help="with --one-file: the council's GSS code")
    p.add_argument("--period", help="with --one-file: YYYY-MM")
    p.add_argument("--json", action="store_true", help="print a JSON summary last")
    p.add_argument("--sample-names-from", type=Path, metavar="WAREHOUSE")
    a = p.parse_args(argv)
    if a.sample_names_from:
        sample_names(a.sample_names_from)
        return 0
    if a.one_file:
        if not (a.council and a.period):
            p.error("--one-file needs --council CODE and --period YYYY-MM")
        summary = one_file(a.one_file, a.council, a.period, a.rows or 5_000, a.seed, a.data)
    else:
        if not a.out:
            p.error("--out DIR is needed (or --one-file PATH)")
        summary = generate(a.rows or 10_000_000, a.out, a.seed, a.councils, a.data)
    if a.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
