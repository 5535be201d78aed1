"""Layout profiles: how a council's files map onto our columns when detection cannot decide, saved once a person
has mapped a file (`--map` on `check` and `load spend`, or the upload page's form) and read by every later load and
build of that council.

`data/profiles/<council folder>.json` holds a list of profiles, each keyed by its header as normalised by
etl/readers/columns.py (`normalise`): a profile applies only to a file whose header is exactly that, so a council
that changes its layout gets detection again, and a profile that no longer fits is named in the message, never
applied silently. Each profile says which file it was saved from and when.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from etl.readers import columns
from kil import councils

# --map FIELD=HEADER: the fields a person may map, and our column each fills
MAPPABLE = {"date": "payment_date", "supplier": "supplier_name", "amount": "amount", "service": "service_area",
            "expense_type": "expense_type", "description": "description"}


@dataclass(frozen=True)
class Profile:
    header: tuple[str, ...]          # the file's header, normalised
    columns: dict[str, str]          # our column -> the header cell as published
    source: str = ""                 # the file it was saved from
    saved: str = ""                  # ISO date

    def describe(self) -> str:
        return f"the layout profile saved from {self.source or 'a mapped file'} on {self.saved or 'an earlier day'}"


@dataclass
class Known:
    """What a load knows about a file's columns before reading it: a person's mapping, the council's profiles."""
    mapping: dict[str, str] = field(default_factory=dict)    # our column -> header cell
    profiles: list[Profile] = field(default_factory=list)

    def profile_for(self, header: list[str]) -> Profile | None:
        key = tuple(columns.normalise(c) for c in header)
        return next((p for p in self.profiles if p.header == key), None)


def path(data_dir: Path, council_code: str) -> Path:
    return Path(data_dir) / "profiles" / f"{councils.slug(council_code)}.json"


def read(data_dir: Path, council_code: str) -> list[Profile]:
    p = path(data_dir, council_code)
    if not p.exists():
        return []
    return [Profile(tuple(d["header"]), dict(d["columns"]), d.get("source", ""), d.get("saved", ""))
            for d in json.loads(p.read_text(encoding="utf-8"))["profiles"]]


def known(data_dir: Path, council_code: str, mapping: dict[str, str] | None = None) -> Known:
    return Known(dict(mapping or {}), read(data_dir, council_code))


def parse_map(items: list[str]) -> dict[str, str]:
    """['date=4. DATE PAID', ...] -> {'payment_date': '4. DATE PAID'}. ValueError naming what is wrong."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, header = item.partition("=")
        if not sep or not header.strip() or name.strip() not in MAPPABLE:
            raise ValueError(f"--map {item!r}: expected FIELD=HEADER with FIELD one of {', '.join(MAPPABLE)}, "
                             "e.g. --map amount=\"Total\"")
        out[MAPPABLE[name.strip()]] = header.strip()
    return out


def save(data_dir: Path, council_code: str, header: list[str], mapping: dict[str, str], source: str) -> Path:
    """Save (or replace) the profile of this header for a council; returns the profile file."""
    key = tuple(columns.normalise(c) for c in header)
    kept = [p for p in read(data_dir, council_code) if p.header != key]
    kept.append(Profile(key, dict(mapping), source, dt.date.today().isoformat()))
    target = path(data_dir, council_code)
    target.parent.mkdir(parents=True, exist_ok=True)
    body = {"council": council_code, "profiles": [
        {"header": list(p.header), "columns": p.columns, "source": p.source, "saved": p.saved} for p in kept]}
    target.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
