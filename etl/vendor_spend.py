"""Copy the published spend files the product uses from a `shared/data` folder into `data/raw/spend`.

Rerunnable. Layout: data/raw/spend/<council>/<kind>/<period>.csv.gz, each with its provenance beside it.
Leeds' clean 2020-06 repeats its processed 2020-06 (a true duplicate) and is not copied. Wakefield's
"2021-Q3-card" holds October-December 2020 card payments and is stored as card/2020-Q3 (its name in the
source is kept in the provenance).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from kil.provenance import copy_with_provenance

REPO = "odileeds/council-spending-data @ 791774c21f07d5388f88502fe9275abe3e3914a4"
LICENCE = "Open Government Licence v3.0"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"
PUBLISHERS = {
    "bradford": "City of Bradford MDC, cleaned by ODI Leeds",
    "calderdale": "Calderdale MBC, cleaned by ODI Leeds",
    "leeds": "Leeds City Council (Data Mill North), reduced by ODI Leeds",
    "newcastle": "Newcastle City Council, cleaned by ODI Leeds",
    "wakefield": "Wakefield MDC (Data Mill North), reduced by ODI Leeds",
}
NOTES = {
    "bradford": "Payments over £500. cp1252. 2019-11 writes credits as (264,795.53). No VCSE flag.",
    "calderdale": "LGA transparency template; from 2019-06 a 23rd column, the council's VCSE flag. "
                  "Card files: the file month is the publication month, transaction dates go back years.",
    "leeds": "ODI Leeds 'processed' form (date, amount, directorate, payee). Some months cp1252 or with "
             "mojibake kept as published. 18-35% of lines are card payments dated before the file month.",
    "newcastle": "Payments over £250. 2022-08 has an unnamed 11th field (the council's redaction check).",
    "wakefield": "ODI Leeds 'processed' form, by financial quarter (Q1 = April-June). 2021-Q4 ordinary "
                 "spend (Jan-Mar 2022) is not published in the source.",
}
SOURCE_DIRS = {"leeds": "leeds/processed", "wakefield": "wakefield/processed"}
SPECIAL = {  # source name -> (council, kind, period, note)
    "wakefield/2021-Q3-card.csv.gz": ("wakefield", "card", "2020-Q3",
        "Mislabelled in the source as 2021-Q3-card: it holds October-December 2020 card payments."),
    "wakefield/2021-Q4.csv.gz": ("wakefield", "card", "2021-Q4",
        "Listed in the source as supplier spend 2021-22 Q4, but it is a card (GPC) file for January-March 2022."),
}
REPO_PATHS = {"bradford": "bradford/{p}_clean.csv", "leeds": "leeds/processed/{p}.csv",
              "wakefield": "wakefield/processed/{p}.csv"}


def plan(shared_data: Path):
    """(source path, council, kind, period, repo path, extra note) for every file to copy."""
    spend = shared_data / "spend"
    for council in PUBLISHERS:
        folder = spend / SOURCE_DIRS.get(council, council)
        for src in sorted(folder.glob("*.csv.gz")):
            stem = src.name[: -len(".csv.gz")]
            m = re.fullmatch(r"(\d{4}-(?:\d{2}|Q\d))(-card)?", stem)
            if not m:
                continue
            kind = "card" if m.group(2) else "spend"
            repo_path = REPO_PATHS.get(council, council + "/clean/{p}.csv").format(p=stem)
            yield src, council, kind, m.group(1), repo_path, ""
    for rel, (council, kind, period, note) in SPECIAL.items():
        yield spend / rel, council, kind, period, f"wakefield/clean/{Path(rel).name[:-3]}", note


def vendor(shared_data: Path, data_dir: Path) -> int:
    n = 0
    for src, council, kind, period, repo_path, note in plan(shared_data):
        dest = data_dir / "raw" / "spend" / council / kind / f"{period}.csv.gz"
        copy_with_provenance(
            src, dest, source=f"{REPO} {repo_path} (gzip -9 of the repo file)", publisher=PUBLISHERS[council],
            licence=LICENCE, attribution=ATTRIBUTION, retrieved="2026-11 (repo snapshot)",
            notes=note or NOTES[council], council=council, kind=kind, period=period,
        )
        n += 1
    return n


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(vendor(Path(sys.argv[1]), root / "data"), "files copied")
