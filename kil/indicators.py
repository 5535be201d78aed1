"""The dashboard's indicators, each defined once: in words (for pages and exports) and in code (one pure function).

Every function takes mart rows as a DataFrame and returns a Value with the ratio and what it is made of, so a
page can always print the numerator, the denominator and the coverage beside the number.

The base of every share is **external spend** (kil/classes.py: EXTERNAL_CLASSES): net amounts (credits
negative) of the council's spend lines (kind 'spend': card payments are never in it) with external suppliers. The
top-10 share and the HHI rest on the same base as the VCSE and grants shares, so a row of tiles shares one
denominator. Payments of no identifiable supplier (class 'unattributed') are outside it and never one supplier in
concentration; their own share (unattributed_share) is shown beside it.

Each spend indicator is computed on two bases (BASES), as mart_indicators' column `basis`:
- 'all': every spend line of the council's spend files (card payments excluded): a council's own pages;
- 'comparable': only lines of at least COMPARABLE_MIN_AMOUNT in absolute value (card payments excluded). Councils
  publish from different thresholds (every payment, from £250, from £500), and VCSE spend is small-ticket, so
  group medians and every view across councils compare this basis, and say so (BASES['comparable']).
ASC5 and asset transfers are no spend lines: their basis is None (the same under every basis).

Inputs (column names as in the marts, filtered to one basis by etl/indicator_mart.py):
- mart_spend_monthly rows: supplier_class, locality, is_grant, amount (vcse_share, unknown_share, local_share,
  grants_share, unattributed_share)
- mart_supplier_totals rows: supplier_key, supplier_class, amount (top10_share, hhi)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kil.classes import EXTERNAL_CLASSES

# The comparable basis: lines of at least this many pounds (absolute value). Bound into the SQL marts as
# $comparable_min (etl/steps.py), used nowhere else as a number.
COMPARABLE_MIN_AMOUNT = 500
BASES = {
    "all": "all spend lines, card payments excluded",
    "comparable": f"lines of £{COMPARABLE_MIN_AMOUNT:,} and over, card payments excluded",
}
# An indicator's unit in words, as a column or axis names it (a share is 0-1 in data, a percent on screen).
UNIT_LABELS = {"share": "share 0-1", "percent": "%", "index": "HHI 0-10,000", "count": "count"}
CROSS_COUNCIL_BASIS = "comparable"   # group medians, Overview tiles against medians, Compare areas
OWN_BASIS = "all"                    # a council's own pages (Local spend)

PRINCIPLES = (
    "think about the whole system",
    "coordinate services at neighbourhood level",
    "increase local spend",
    "focus on early intervention",
    "commit to your community",
    "commission simply and collaboratively",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    principle: str            # one of PRINCIPLES
    definition: str           # in words, shown beside the number
    unit: str                 # 'share' (0-1) or 'index' (HHI, 0-10,000)
    higher_is_better: bool | None   # None: neither (context, such as the unknown share)
    england: bool = True      # an England figure (median of councils with real data) makes sense


@dataclass(frozen=True)
class Value:
    indicator_id: str
    value: float | None       # None when the denominator is zero
    numerator: float
    denominator: float
    coverage: float | None = None   # share of the base the indicator could see (local_share, grants_share)
    note: str = ""


VCSE_SHARE = Indicator(
    "vcse_share", "VCSE share of external spend", "increase local spend",
    "Spend with voluntary, community and social enterprise suppliers, as a share of spend with external suppliers "
    "(all identifiable suppliers except public bodies and individuals). Read it beside the unknown share: a "
    "supplier is VCSE only on evidence (the council's flag, a register, a legal form such as CIC), so unknown spend "
    "may hide more VCSE.",
    "share", True, england=False)
UNKNOWN_SHARE = Indicator(
    "unknown_share", "Unclassified share of external spend", "increase local spend",
    "Spend with external suppliers we could not classify, as a share of spend with external suppliers. Always shown "
    "beside the VCSE share: the VCSE share is a floor, and this is how much it could still rise.",
    "share", None, england=False)
LOCAL_SHARE = Indicator(
    "local_share", "Local share of external spend (where known)", "increase local spend",
    "Spend with external suppliers whose postcode lies in the paying council, as a share of external spend whose "
    "supplier postcode is known. Always shown with its coverage, e.g. 'locality known for 3% of spend'.",
    "share", True, england=False)
TOP10_SHARE = Indicator(
    "top10_share", "Top-10 suppliers' share of external spend", "think about the whole system",
    "Net spend with the ten largest external suppliers, as a share of net spend with external suppliers (the base "
    "of every share). Payments of no identifiable supplier are not a supplier: they are left out and their share "
    "is shown beside.",
    "share", False, england=False)
HHI = Indicator(
    "hhi", "Supplier concentration (HHI)", "think about the whole system",
    "Herfindahl-Hirschman index of external suppliers' shares of external spend: the sum of squared percentage "
    "shares, from near 0 (many small suppliers) to 10,000 (one supplier). Shares are of net external spend, the base "
    "of every share; a supplier whose net total is a credit (refunds exceed payments) adds nothing to the sum, "
    "though its credit stays in the base. Payments of no identifiable supplier are left out.",
    "index", False, england=False)
GRANTS_SHARE = Indicator(
    "grants_share", "Grants share of external spend", "commission simply and collaboratively",
    "Spend in the council's named grant categories (data/reference/grant_categories.csv), as a share of external "
    "spend, counted only where the council publishes a category column; coverage says how much spend that is.",
    "share", True, england=False)
UNATTRIBUTED_SHARE = Indicator(
    "unattributed_share", "Not identifiable share of spend", "think about the whole system",
    "Net spend with no identifiable supplier (a redaction, a blank name, a payment-run label such as 'MISCELLANEOUS "
    "PAYMENTS BACS'), as a share of external spend plus that spend: how much of the market the concentration "
    "figures cannot see, shown beside them.",
    "share", None, england=False)

ASC5 = Indicator(
    "asc5_short_term_outcome", "People needing no further support after short-term care (Oflog ASC5)",
    "focus on early intervention",
    "Oflog adult social care measure ASC5 (ASCOF 2D): the percentage of people who received short-term services "
    "(such as reablement) who then needed no ongoing support or support of a lower level. For a district, the "
    "figure of the county that provides its social care.",
    "percent", True)
ASSETS = Indicator(
    "asset_transfers_completed", "Community asset transfers completed", "commit to your community",
    "Buildings and land transferred to community organisations (freehold, lease or licence) and completed in the "
    "financial year. SYNTHETIC: no council publishes its register in a common form, so every value is demo data.",
    "count", True, england=False)

INDICATORS = {i.id: i for i in (VCSE_SHARE, UNKNOWN_SHARE, LOCAL_SHARE, TOP10_SHARE, HHI, GRANTS_SHARE,
                                UNATTRIBUTED_SHARE, ASC5, ASSETS)}
COMPUTED_IN_SQL = ("asc5_short_term_outcome", "asset_transfers_completed")   # etl/indicator_mart.py
SPEND_MONTHLY_INDICATORS = ("vcse_share", "unknown_share", "local_share", "grants_share", "unattributed_share")
SUPPLIER_INDICATORS = ("top10_share", "hhi")

# The indicator each principle's headline tile shows, first with data wins.
HEADLINES = {
    "increase local spend": ("vcse_share", "local_share"),
    "think about the whole system": ("top10_share", "hhi"),
    "commission simply and collaboratively": ("grants_share",),
    "focus on early intervention": ("asc5_short_term_outcome",),
    "commit to your community": ("asset_transfers_completed",),
}


def on_basis(indicator_id: str) -> bool:
    """Whether an indicator is made of spend lines, so has a value per basis (else its basis is None)."""
    return indicator_id in SPEND_MONTHLY_INDICATORS + SUPPLIER_INDICATORS


def basis_label(indicator_id: str, basis: str) -> str:
    """'lines of £500 and over, card payments excluded' for a spend indicator; '' for one with no basis."""
    return BASES[basis] if on_basis(indicator_id) else ""


def median_label(group_label: str, councils: int | None, group_size: int | None) -> str:
    """What a group median is the median of, said plainly, with how many councils it rests on: 'England median
    (317 councils)' only when every council of the group has data; else 'median of 5 councils with data (of 317:
    England)', never just 'England'."""
    if not councils:
        return f"no median (no real data in the group: {group_label})"
    if group_size is not None and councils >= group_size:
        return f"{group_label} median ({councils} councils)"
    of = f" (of {group_size}: {group_label})" if group_size else f" ({group_label})"
    return f"median of {councils} council{'s' if councils != 1 else ''} with data{of}"


NO_MEASURE = {
    "coordinate services at neighbourhood level": (
        "No measure yet: spend by the supplier's ward needs suppliers' postcodes, which councils rarely publish "
        "(Bristol's synthetic register shows how the ward view works: see Neighbourhoods)."),
}


def _external(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["supplier_class"].isin(EXTERNAL_CLASSES)]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator and not math.isclose(denominator, 0.0) else None


def _total(rows: pd.DataFrame) -> float:
    return float(rows["amount"].astype("float64").sum())


def vcse_share(rows: pd.DataFrame) -> Value:
    external = _external(rows)
    num, den = _total(external[external["supplier_class"] == "vcse"]), _total(external)
    return Value("vcse_share", _ratio(num, den), num, den)


def unknown_share(rows: pd.DataFrame) -> Value:
    external = _external(rows)
    num, den = _total(external[external["supplier_class"] == "unknown"]), _total(external)
    return Value("unknown_share", _ratio(num, den), num, den)


def local_share(rows: pd.DataFrame) -> Value:
    external = _external(rows)
    known = external[external["locality"].isin(["local", "non_local"])]
    num, den, base = _total(known[known["locality"] == "local"]), _total(known), _total(external)
    coverage = _ratio(den, base)
    note = f"locality known for {coverage:.0%} of spend" if coverage is not None else "no external spend"
    return Value("local_share", _ratio(num, den), num, den, coverage, note)


def _supplier_totals(rows: pd.DataFrame) -> pd.Series:
    """Each external supplier's net total (credits included): the sum of them is external spend, the base."""
    return _external(rows).groupby("supplier_key")["amount"].sum().astype("float64")


def top10_share(rows: pd.DataFrame) -> Value:
    totals = _supplier_totals(rows)
    num, den = float(totals.nlargest(10).sum()), float(totals.sum())
    return Value("top10_share", _ratio(num, den), num, den, note=f"{len(totals)} external suppliers")


def hhi(rows: pd.DataFrame) -> Value:
    """Squared percentage shares of net external spend; a net-credit supplier adds nothing (see HHI.definition)."""
    totals = _supplier_totals(rows)
    den = float(totals.sum())
    value = float(((totals.clip(lower=0.0) / den * 100) ** 2).sum()) if den > 0 else None
    return Value("hhi", value, value or 0.0, den, note=f"{len(totals)} external suppliers")


def unattributed_share(rows: pd.DataFrame) -> Value:
    seen = rows[rows["supplier_class"].isin(EXTERNAL_CLASSES + ("unattributed",))]
    num, den = _total(seen[seen["supplier_class"] == "unattributed"]), _total(seen)
    return Value("unattributed_share", _ratio(num, den), num, den)


def grants_share(rows: pd.DataFrame) -> Value:
    external = _external(rows)
    graded = external[external["is_grant"].notna()]
    num, den = _total(graded[graded["is_grant"].astype(bool)]), _total(graded)
    coverage = _ratio(den, _total(external))
    note = (f"grant categories known for {coverage:.0%} of spend" if coverage is not None else "no external spend")
    return Value("grants_share", _ratio(num, den), num, den, coverage, note)


COMPUTE = {
    "vcse_share": vcse_share, "unknown_share": unknown_share, "local_share": local_share,
    "top10_share": top10_share, "hhi": hhi, "grants_share": grants_share, "unattributed_share": unattributed_share,
}


def compute(indicator_id: str, rows: pd.DataFrame) -> Value:
    """The one way pages and exports compute an indicator by id."""
    return COMPUTE[indicator_id](rows)
