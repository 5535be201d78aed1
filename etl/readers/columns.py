"""Which columns of a spend file are its payment date, supplier and amount: content decides which columns can be,
their names decide between those that can, and the choice is reported with its evidence.

A council's layout changes from month to month and council to council, so there are no alias lists for these three:
- **names are normalised** (`normalise`): case, spaces, numbering prefixes (`4. DATE PAID`), punctuation, `£`,
  "excluding VAT" (which means net), and a `(T)` suffix (the text of a code column: `Supplier ID(T)` is the name);
- **content decides who can** (over the first SAMPLE_LINES records): a date or amount candidate parses on at least
  PARSE_SHARE of its non-blank values; a supplier candidate is text, is not a handful of repeated values (service
  areas, the paying council's own name), and its share of legal forms (Ltd, CIC, Trust, Council...) is evidence.
  A column whose name alone says it (`Payment Date`, `Amount`, `Supplier Name`: a STRONG score) needs only
  NAMED_PARSE_SHARE, so a file with some bad lines loads its good ones and rejects the rest line by line;
- **names decide between candidates** (`name_score`): paid > payment > transaction > date > effective, incurred,
  invoice; net > amount > spend, total, value, and VAT, tax or gross demote; supplier, beneficiary, payee, vendor,
  merchant > name, and a code or number column demotes;
- two candidates whose values agree on AGREE_SHARE of lines are one; a tie that neither content nor name separates
  is an `Undecided` naming the candidates, so a person can map the file (`--map`).

When the column a header names as the supplier holds a handful of repeated values and another column holds what
looks like supplier names (Rotherham 2023-06 heads its service areas NAME), the supplier is taken by content and
the choice says so in `warnings`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import zip_longest
from dataclasses import dataclass, field

SAMPLE_LINES = 2000
DISTINCT_TESTED = 400         # a column's content is judged on its most common distinct values, at most this many
PARSE_SHARE = 0.90
NAMED_PARSE_SHARE = 0.50      # enough for a column whose name alone says what it is (a STRONG name score)
STRONG = {"payment_date": 3, "amount": 4, "supplier_name": 5}
AGREE_SHARE = 0.95
REQUIRED = ("payment_date", "supplier_name", "amount")
WORDS = {"payment_date": "date", "supplier_name": "supplier", "amount": "amount"}

# ---- names -------------------------------------------------------------------------------------------------------

_NET = re.compile(r"\b(?:excluding|excludes|exclude|excl|exc|ex|net of|before|without|less) vat\b")


def normalise(name: str) -> str:
    """'4. DATE PAID' -> 'date paid'; '£ SPEND (EXCLUDING VAT' -> 'spend net'; 'Supplier ID(T)' -> 'supplier id (t)'."""
    s = name.replace("\ufeff", "").strip().lower()
    text = bool(re.search(r"\(t\)\s*$", s))
    s = re.sub(r"\(t\)\s*$", "", s)
    s = re.sub(r"^\s*\d{1,2}\s*[.)]\s*", "", s)             # numbering prefix: '4. ', '12) '
    s = s.replace("£", " ").replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = _NET.sub("net", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s + (" (t)" if text else "")


def _words(normalised: str) -> set[str]:
    return set(normalised.replace("(t)", " ").split())


def name_score(field_name: str, header: str) -> int:
    """How strongly a header's name says it is our field (above 0: it can be; higher wins)."""
    n = normalise(header)
    w = _words(n)
    if field_name == "payment_date":
        strong = max([r for word, r in (("paid", 6), ("payment", 5), ("transaction", 4)) if word in w], default=0)
        if strong:
            return strong
        if "date" in w or "posted" in w or "posting" in w:
            return 1 if w & {"effective", "incurred", "invoice", "due", "received", "period", "entry"} else 3
        return 0
    if field_name == "amount":
        score = max([r for word, r in (("net", 6), ("amount", 5), ("spend", 4), ("total", 4), ("value", 4),
                                       ("paid", 3), ("gbp", 3)) if word in w], default=0)
        if w & {"vat", "tax"}:
            score -= 10
        if "gross" in w:
            score -= 3
        if w & {"number", "no", "id", "code", "ref", "reference", "year", "month", "count", "qty", "quantity"}:
            score -= 10
        return score
    if field_name == "supplier_name":
        score = max([r for word, r in (("beneficiary", 5), ("supplier", 5), ("payee", 5), ("vendor", 5),
                                       ("merchant", 5), ("creditor", 5), ("recipient", 4), ("name", 3))
                     if word in w], default=0)
        if "(t)" in n:
            score += 2
        elif w & {"id", "number", "no", "code", "ref", "reference", "nr"}:
            score -= 10
        if w & {"original"}:
            score -= 1
        if w & {"category", "type", "description", "narrative", "group", "mcc", "class", "classification",
                "voluntary", "vcse", "sme", "flag", "indicator", "registered", "status"}:
            score -= 10                                  # 'Merchant Category', a VCSE or SME flag
        elif w & {"organisation", "organistion", "body", "council", "department", "directorate", "service",
                  "area", "cost", "centre"} and not w & {"supplier", "beneficiary", "payee", "vendor", "merchant"}:
            score -= 10                                  # the paying body's own names ('Organisation Name')
        return score
    raise ValueError(field_name)


# ---- values --------------------------------------------------------------------------------------------------------

_MONEY = re.compile(r"^\(?-?\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\)?-?$")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].*)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: .*)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[ \-]([a-z]{3,9})[ \-,]*(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
SERIAL_RANGE = (32874, 54789)     # 1990-01-01 .. 2049-12-31 as spreadsheet serial day numbers
LEGAL_FORM = re.compile(
    r"\b(?:ltd|limited|plc|llp|cic|c\.i\.c|cio|trust|council|charity|association|society|partnership|group|"
    r"services|company|co|inc|llc|foundation|centre|center|church|school|academy|university|college|nhs|"
    r"club|housing|care|community)\b", re.IGNORECASE)


_NOT_MONEY = str.maketrans("", "", "£, \t\"\u00a0")


def parse_money(text: str) -> bool:
    """Whether text reads as an amount ('1,234.56', ' £ 3,750.00 ', '(612.40)', '612.40-', '1E3')."""
    s = text.translate(_NOT_MONEY)
    try:
        float(s)
        return s.lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")
    except ValueError:
        return bool(s) and bool(_MONEY.match(s)) and any(c.isdigit() for c in s)


def _year(y: str) -> int:
    return int(y) + (2000 if len(y) == 2 and int(y) < 70 else 1900 if len(y) == 2 else 0)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return 1990 <= y <= 2100
    except ValueError:
        return False


def date_shape(text: str) -> str | None:
    """'iso', 'named', 'serial', 'numeric' (day and month in either order) or None when not a date."""
    s = text.strip().lower()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return "iso" if _valid(int(m[1]), int(m[2]), int(m[3])) else None
    m = _NUMERIC_DATE.match(s)
    if m:
        a, b, y = int(m[1]), int(m[2]), _year(m[3])
        return "numeric" if _valid(y, b, a) or _valid(y, a, b) else None
    m = _NAMED_MONTH.match(s)
    if m and m[2][:3] in _MONTHS:
        return "named" if _valid(_year(m[3]), _MONTHS[m[2][:3]], int(m[1])) else None
    m = _SERIAL.match(s)
    if m and SERIAL_RANGE[0] <= int(m[1]) <= SERIAL_RANGE[1]:
        return "serial"
    return None


def day_month_order(values: list[str]) -> str | None:
    """'dmy' or 'mdy' for numeric dates, from the values themselves: a first part above 12 is a day, a second part
    above 12 is a day. 'either' when numeric dates never say (every part 12 or under), 'mixed' when values say
    both, None when there are no numeric dates."""
    first = second = numeric = False
    for v in values:
        m = _NUMERIC_DATE.match(v.strip())
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        numeric = True
        first |= a > 12
        second |= b > 12
    if first and second:
        return "mixed"
    return "dmy" if first else "mdy" if second else "either" if numeric else None


# strptime formats for numeric dates in each order (etl/sql/stage_spend.sql), and those that carry no ambiguity
_UNAMBIGUOUS = ["%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d %b %y", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d"]
DATE_FORMATS = {   # two-digit years first: '%d/%m/%Y' would read '14/04/23' as the year 23
    "dmy": ["%d/%m/%y", "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d.%m.%y", "%d.%m.%Y", "%d-%m-%y",
            "%d-%m-%Y", *_UNAMBIGUOUS],
    "mdy": ["%m/%d/%y", "%m/%d/%Y", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m.%d.%y", "%m.%d.%Y", "%m-%d-%y",
            "%m-%d-%Y", *_UNAMBIGUOUS],
}


def order_by_period(values: list[str], months: list[str]) -> str | None:
    """For dates that never say their order: the order that puts at least PARSE_SHARE of them in the file's own
    months ('YYYY-MM', from its name), when exactly one order does."""
    fits = {}
    for order in ("dmy", "mdy"):
        inside = total = 0
        for v in values:
            m = _NUMERIC_DATE.match(v.strip())
            if not m:
                continue
            a, b, y = int(m[1]), int(m[2]), _year(m[3])
            month = b if order == "dmy" else a
            total += 1
            inside += f"{y:04d}-{month:02d}" in months
        fits[order] = total and inside >= PARSE_SHARE * total
    return next((o for o, ok in fits.items() if ok), None) if sum(map(bool, fits.values())) == 1 else None


# ---- choosing -----------------------------------------------------------------------------------------------------

class Undecided(Exception):
    """Neither content nor name separates the candidates (or none can be the field): a person maps the file."""

    def __init__(self, message: str, candidates: dict[str, list[str]]):
        super().__init__(message)
        self.candidates = candidates


@dataclass
class Choice:
    field: str
    index: int
    header: str
    score: int
    evidence: str

    def as_dict(self) -> dict:
        return {"column": self.header, "score": self.score, "evidence": self.evidence}


@dataclass
class Columns:
    """The file's choice: our field -> column index, with why, and warnings a person should read."""
    choices: dict[str, Choice]
    date_order: str | None = None               # see day_month_order
    date_values: list[str] = field(default_factory=list, repr=False)   # the sampled dates, to check an order
    warnings: list[str] = field(default_factory=list)
    swapped: dict[str, int] = field(default_factory=dict)   # optional fields moved by content (see the module doc)
    header: list[str] = field(default_factory=list)          # the header as published

    @property
    def mapping(self) -> dict[str, int]:
        return {k: c.index for k, c in self.choices.items()}

    def report(self) -> dict:
        return {"header": self.header, "columns": {WORDS[k]: c.header for k, c in self.choices.items()},
                "evidence": {WORDS[k]: c.as_dict() for k, c in self.choices.items()},
                "date_order": self.date_order, "warnings": self.warnings}


class _Sample:
    """The first SAMPLE_LINES records, with each column's value counts worked out once and only when asked for:
    content is checked for the columns a name puts forward first, and for every column only when none can."""

    def __init__(self, header: list[str], body: list[list[str]]):
        self.header, self.body = header, body[:SAMPLE_LINES]
        self._columns: list[tuple[str, ...]] | None = None
        self._counts: dict[int, Counter] = {}
        self._checks: dict[tuple[str, int], tuple] = {}

    def counts(self, j: int) -> Counter:
        """Non-blank values of column j (stripped) and how often each occurs."""
        if j not in self._counts:
            if self._columns is None:      # transposed once: counting then runs in C, not per cell in Python
                self._columns = list(zip_longest(*self.body, fillvalue=""))
            out: Counter = Counter()
            for value, n in Counter(self._columns[j] if j < len(self._columns) else ()).items():
                value = value.strip()
                if value:
                    out[value] += n
            self._counts[j] = out
        return self._counts[j]

    def values(self, j: int) -> list[str]:
        return list(self.counts(j).elements())

    def _share(self, j: int, test) -> float:
        """Share of the column's values that pass `test`, over its DISTINCT_TESTED most common values."""
        counts = self.counts(j)
        items = counts.most_common(DISTINCT_TESTED) if len(counts) > DISTINCT_TESTED else counts.items()
        total = sum(n for _, n in items)
        return sum(n for v, n in items if test(v)) / total if total else 0.0

    def _enough(self, field_name: str, j: int, share: float) -> bool:
        strong = name_score(field_name, self.header[j]) >= STRONG[field_name]
        return share >= (NAMED_PARSE_SHARE if strong else PARSE_SHARE)

    def date(self, j: int) -> tuple[bool, str]:
        key = ("date", j)
        if key not in self._checks:
            shapes = {v: date_shape(v) for v, _ in self.counts(j).most_common(DISTINCT_TESTED)}
            share = self._share(j, lambda v: shapes[v] is not None)
            only_serial = {s for s in shapes.values() if s} == {"serial"}
            serial_unnamed = only_serial and name_score("payment_date", self.header[j]) <= 0
            self._checks[key] = (self._enough("payment_date", j, share) and not serial_unnamed,
                                 f"{share:.1%} of values parse as dates")
        return self._checks[key]

    def money(self, j: int) -> tuple[bool, str]:
        key = ("money", j)
        if key not in self._checks:
            share = self._share(j, parse_money)
            self._checks[key] = (self._enough("amount", j, share), f"{share:.1%} of values parse as money")
        return self._checks[key]

    def supplier(self, j: int) -> tuple[bool, float, int, str]:
        """(can be a supplier, legal-form share, distinct values, why not)."""
        key = ("supplier", j)
        if key not in self._checks:
            counts = self.counts(j)
            total = sum(counts.values())
            distinct = len(counts)
            legal = self._share(j, lambda v: bool(LEGAL_FORM.search(v)))
            letters = self._share(j, lambda v: any(c.isalpha() for c in v))
            why = ""
            if not total:
                why = "no values"
            elif letters < 0.8:
                why = f"only {letters:.0%} of values are text"
            elif (sum(len(v) * n for v, n in counts.items()) / total < 4
                  and name_score("supplier_name", self.header[j]) < STRONG["supplier_name"]):
                why = "values of a few letters (codes or flags)"
            elif (total >= 5 and distinct <= 2) or (total >= 20 and distinct <= min(30, total // 20)):
                why = f"{distinct} distinct values in {total} lines"
            self._checks[key] = (not why, legal, distinct, why)
        return self._checks[key]


def _agree(body: list[list[str]], i: int, j: int) -> bool:
    pairs = [(r[i].strip(), r[j].strip()) for r in body if max(i, j) < len(r) and (r[i].strip() or r[j].strip())]
    return bool(pairs) and sum(a == b for a, b in pairs) >= AGREE_SHARE * len(pairs)


def _pick(field_name: str, header: list[str], body: list[list[str]], candidates: list[tuple[int, int, str]],
          content_only: list[int]) -> Choice:
    """The best-named candidate, or Undecided. candidates: (index, name score, evidence) that can be the field."""
    named = sorted((c for c in candidates if c[1] > 0), key=lambda c: (-c[1], c[0]))
    word = WORDS[field_name]
    if not named:
        seen = [header[j] for j in content_only] or ["none"]
        raise Undecided(f"no {word} column: no column's values and name say {word}. Columns whose values could "
                        f"be the {word}: {', '.join(seen)}.", {field_name: [header[j] for j in content_only]})
    best = named[0]
    ties = [c for c in named[1:] if c[1] == best[1] and not _agree(body, best[0], c[0])]
    if ties:
        names = [header[best[0]], *(header[c[0]] for c in ties)]
        raise Undecided(f"{word}: cannot tell {' from '.join(repr(n) for n in names)} (same name score, values "
                        f"differ); map the {word} column.", {field_name: names})
    return Choice(field_name, best[0], header[best[0]], best[1], best[2])


def _can(field_name: str, sample: _Sample, j: int) -> tuple[bool, str]:
    if field_name == "payment_date":
        return sample.date(j)
    if field_name == "amount":
        return sample.money(j)
    ok, legal, distinct, why = sample.supplier(j)
    return ok, (f"text, {distinct} distinct values, {legal:.0%} with a legal form" if ok else why)


def detect(header: list[str], body: list[list[str]], fixed: dict[str, int] | None = None,
           why: str = "mapped") -> Columns:
    """Choose the date, supplier and amount columns of a file from its header and its first records. `fixed`:
    our column -> header index that a person (or a saved profile, `why` says which) chose; those are taken as
    they are, their content still measured and reported, and the rest detected."""
    sample = _Sample(header, body)
    every = [j for j, name in enumerate(header) if name.strip() or sample.counts(j)]
    out = Columns({}, header=list(header))
    problems: dict[str, list[str]] = {}
    messages = []
    for field_name, j in (fixed or {}).items():
        if field_name in REQUIRED:
            out.choices[field_name] = Choice(field_name, j, header[j], 0, f"{why}; {_can(field_name, sample, j)[1]}")
        else:
            out.swapped[field_name] = j
    for field_name in (f for f in REQUIRED if f not in out.choices):
        named = [(j, name_score(field_name, header[j])) for j in every]
        named = [(j, score) for j, score in named if score > 0]
        candidates = []
        for j, score in named:
            ok, evidence = _can(field_name, sample, j)
            if ok:
                candidates.append((j, score, evidence))
        try:
            if not candidates:
                raise Undecided("", {})
            out.choices[field_name] = _pick(field_name, header, sample.body, candidates, [])
        except Undecided as exc:
            if field_name == "supplier_name" and not candidates and named:
                by_content = _supplier_by_content(header, sample, every, named)
                if by_content is not None:
                    out.choices[field_name], warning, out.swapped = by_content
                    out.warnings.append(warning)
                    continue
            if not candidates:    # say which columns' values could be it, for a person to map
                content_only = [j for j in every if _can(field_name, sample, j)[0]]
                try:
                    _pick(field_name, header, sample.body, [], content_only)
                except Undecided as none:
                    exc = none
            messages.append(str(exc))
            problems.update(exc.candidates)
    if messages:
        raise Undecided(" ".join(messages), problems)
    out.date_values = sample.values(out.choices["payment_date"].index)
    out.date_order = day_month_order(list(sample.counts(out.choices["payment_date"].index)))   # distinct suffice
    return out


def _supplier_by_content(header, sample: _Sample, every: list[int], named: list[tuple[int, int]]):
    """When no column named like a supplier holds supplier names: the one text column that clearly does, and the
    named column as the service area when it holds a handful of values (a header with two names swapped)."""
    text = [(j, *sample.supplier(j)[1:3]) for j in every if sample.supplier(j)[0]]
    plausible = sorted((c for c in text if c[1] >= 0.15), key=lambda c: (-c[1], -c[2]))
    if not plausible or (len(plausible) > 1 and plausible[1][1] >= 0.5 * plausible[0][1]):
        return None
    j, legal, distinct = plausible[0]
    first = max(named, key=lambda c: c[1])[0]
    why = sample.supplier(first)[3]
    warning = (f"supplier: the column headed {header[first]!r} holds {why}, not supplier names, so the supplier "
               f"is taken from {header[j]!r} by its content ({distinct} distinct values, {legal:.0%} with a legal "
               f"form), and {header[first]!r} is loaded as the service area.")
    choice = Choice("supplier_name", j, header[j], 0, f"by content: {distinct} distinct values, {legal:.0%} with "
                                                      "a legal form")
    return choice, warning, {"service_area": first}
