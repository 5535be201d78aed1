"""The methods text: how a supplier's class is decided, what is counted, the months each council's figures rest on
and every source with its link, commit and access date. Shown on *Data and methods* and shipped as METHODS.md in
every bundle (dashboard/export/bundle.py).

Nothing here is written twice: the order of evidence is etl/classify.py's module docstring (the one home of the
rules, read from the file, not imported: the read side runs no ETL code), bases and thresholds are kil.indicators',
months come from the warehouse's coverage and sources from the load ledger's provenance (dashboard/queries.py).
"""
from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard import queries
from kil import classes, indicators

TITLE = "Methods: how every figure is made"
RULES_START = "Class, first rule that applies wins"     # where etl/classify.py's docstring starts its rules
# 'owner/repo ... @ <commit>' in a provenance `source` (etl/readers/*: each file's provenance.json)
REPO = re.compile(r"(?<![\w./-])([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(?=[\s@])")
COMMIT = re.compile(r"@ ([0-9a-f]{7,40})\b")
URL = re.compile(r"https?://[^\s)>,;]+")


@cache
def classification_rules() -> str:
    """etl/classify.py's docstring from its rules on: the order of evidence, as the classifier applies it."""
    origin = importlib.util.find_spec("etl.classify").origin
    doc = ast.get_docstring(ast.parse(Path(origin).read_text(encoding="utf-8"))) or ""
    start = doc.find(RULES_START)
    return doc[start:].strip() if start >= 0 else doc.strip()


RULE = re.compile(r"^\s?(\d+[a-z]?)\.\s+(.*)$")     # ' 1. correction   a reviewed override ...'


def rules_markdown() -> str:
    """The rules as Markdown: a list item per rule (its continuation lines joined), the paragraphs after them as
    paragraphs. Not a preformatted block: a scrolling block on the page cannot take the keyboard's focus."""
    items: list[str] = []
    for block in classification_rules().split("\n\n"):
        lines = [line.rstrip() for line in block.splitlines()]
        if lines and RULE.match(lines[0]):
            # the docstring's text column: where its continuation lines start (a rule's name is left of it)
            col = min((len(x) - len(x.lstrip()) for x in lines if x.strip() and not RULE.match(x)), default=0)
            rules: list[str] = []
            for line in lines:
                m = RULE.match(line)
                if m:
                    head, rest = (line[:col], line[col:]) if col else (line, "")
                    name = RULE.match(head).group(2).strip() if RULE.match(head) else m.group(2)
                    rules.append(f"- **{m.group(1)}. {name}**" + (": " + " ".join(rest.split())
                                                                   if rest.strip() else ""))
                else:
                    rules[-1] += " " + " ".join(line.split())
            items.append("\n".join(rules))
        else:
            items.append(" ".join(" ".join(lines).split()))
    return "\n\n".join(items)


def origin(source: str | None) -> dict:
    """A provenance `source` as {link, repo, commit}: a URL it names, else its GitHub repository at its commit
    ('odileeds/council-spending-data @ 7917... bradford/2019-04_clean.csv', 'humaniverse/IMD data-raw/... @ 3213...')."""
    source = source or ""
    url, repo, commit = URL.search(source), REPO.search(source), COMMIT.search(source)
    link = url.group(0) if url else None
    if link is None and repo and commit:
        link = f"https://github.com/{repo.group(1)}/tree/{commit.group(1)}"
    return {"link": link, "repo": repo.group(1) if repo and commit else None,
            "commit": commit.group(1) if commit else None}


def sources_table() -> pd.DataFrame:
    """One row per dataset, publisher and origin (a repository at a commit, or a link, or the source as written):
    files, licence, attribution, retrieved (the provenance's access date)."""
    df = queries.source_origins()
    if df.empty:
        return pd.DataFrame(columns=["dataset", "publisher", "link", "repo", "commit", "source", "files", "licence",
                                     "attribution", "retrieved", "synthetic"])
    found = pd.DataFrame([origin(s) for s in df["source"]], index=df.index)
    df = df.join(found)
    # Files of one repository at one commit are one source (a council's monthly files differ by path only).
    df["key"] = df["link"].fillna(df["source"])
    out = (df.groupby(["dataset", "publisher", "key"], sort=True, dropna=False)
           .agg(link=("link", "first"), repo=("repo", "first"), commit=("commit", "first"), source=("source", "first"),
                files=("files", "sum"), licence=("licence", "first"), attribution=("attribution", "first"),
                retrieved=("retrieved", "min"), retrieved_last=("retrieved_last", "max"),
                synthetic=("synthetic", "any"))
           .reset_index().drop(columns="key"))
    out["files"] = out["files"].astype("int64")
    return out.astype(object).where(out.notna(), None)


def _accessed(first, last, synthetic: bool) -> str:
    if not isinstance(first, str) or not first:
        return "Generated by this project: no access date." if synthetic else "No access date recorded."
    return f"Accessed {first if first == last or not isinstance(last, str) else f'{first} to {last}'}."


def _source_line(r) -> str:
    label = f"{r['repo']} at {r['commit'][:12]}" if r["repo"] and r["commit"] else r["link"]
    where = f"[{label}]({r['link']})" if r["link"] else r["source"] or "no source recorded"
    commit = f", commit {r['commit']}" if r["commit"] else ""
    files = f"{r['files']} file{'s' if r['files'] != 1 else ''}"
    return (f"- **{r['dataset']}**: {r['publisher']}, {files}" + (" (synthetic)" if r["synthetic"] else "")
            + f". {where}{commit}. {_accessed(r['retrieved'], r['retrieved_last'], bool(r['synthetic']))} "
            f"Licence: {r['licence'] or 'not recorded'}.")


def _months() -> list[str]:
    df = queries.spend_months()
    if df.empty:
        return ["No spend is loaded."]
    rows = ["| Council | GSS code | First month | Last month | Months with a spend file |", "|---|---|---|---|---|"]
    for r in df.itertuples():
        rows.append(f"| {r.council}{' (synthetic)' if r.synthetic else ''} | {r.council_code} | "
                    f"{pd.Timestamp(r.first_month):%B %Y} | {pd.Timestamp(r.last_month):%B %Y} | {int(r.months)} |")
    return rows


def text(info: dict | None = None, version: str | None = None) -> str:
    """The methods text, in Markdown (METHODS.md). `info`: the warehouse build it describes."""
    head = [f"# {TITLE}", ""]
    if info:
        head += [f"Keep it Local dashboard{', version ' + version if version else ''}; warehouse build "
                 f"{info['build_id']} of {info['built_at']:%d %B %Y}. Generated from the code and the warehouse "
                 "it describes.", ""]
    bases = [f"- **{b}**: {words}" + {indicators.OWN_BASIS: " (a council's own pages)",
                                      indicators.CROSS_COUNCIL_BASIS: " (group medians and every view across "
                                                                      "councils)"}.get(b, "")
             for b, words in indicators.BASES.items()]
    defs = [f"- **{i.name}** ({i.principle}): {i.definition}" for i in indicators.INDICATORS.values()]
    src = sources_table()
    return "\n".join(head + [
        "## How a supplier's class and locality are decided", "",
        rules_markdown(), "",
        "## What is counted: bases and thresholds", "",
        classes.EXTERNAL_SPEND + " Every spend indicator is counted on two bases:", "", *bases, "",
        f"Councils publish from different thresholds, so a line under £{indicators.COMPARABLE_MIN_AMOUNT:,} is "
        "left out wherever councils are compared.", "", *defs, "",
        "## Months per council", "",
        "The months a spend file covers, per council: a figure for a year rests on its months only, and a month "
        "with no file is a gap, not a zero.", "", *_months(), "",
        "## Sources", "",
        "Each source with its link (a repository at the commit the files were taken from), licence and access "
        "date, from the provenance file beside every raw file.", "",
        *(_source_line(r) for _, r in src.iterrows()), "",
    ])
