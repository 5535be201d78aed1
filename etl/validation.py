"""The validation report of a spend file, before anything is written: what `etl check --json` prints and the
upload page shows.

Made from what load_spend.check just found (its SourceLoad and its temp table `stage`): the columns chosen and why,
the first lines as read, lines to load, rejects by reason with examples, totals by payment month, lines already
loaded, and for a re-publication the new lines and the lines of the earlier publication this one lacks.
"""
from __future__ import annotations

import re

from etl.ledger import SourceLoad

FIRST_LINES = 5
EXAMPLES = 3
SHOWN_FIELDS = ("source_row", "payment_date", "amount", "supplier_name", "service_area", "expense_type")


def reason_group(reason: str) -> str:
    """A reject reason without the value it quotes ("amount '...' is not a number"), to count reasons by kind."""
    return re.sub(r"'.*'", "'...'", reason)


def report(con, result: SourceLoad) -> dict:
    """The report as plain data (JSON-ready)."""
    out = {
        "status": result.status, "council": result.council_code, "kind": result.kind, "period": result.period,
        "rows_read": result.rows_read, "rows_loaded": result.rows_loaded, "rows_rejected": result.rows_rejected,
        "rows_duplicate": result.rows_duplicate, "rows_missing": result.rows_missing,
        "amount_loaded": result.amount_loaded or 0.0, "message": result.message,
        "republication": bool(result.rows_duplicate or result.rows_missing),
        "rejects_by_reason": {}, "reject_examples": {}, "first_lines": [], "months": [],
        "unmapped_header": result.unmapped_header,
        **(result.layout or {}),
    }
    for r in result.rejects:
        group = reason_group(r.reason)
        out["rejects_by_reason"][group] = out["rejects_by_reason"].get(group, 0) + 1
        examples = out["reject_examples"].setdefault(group, [])
        if len(examples) < EXAMPLES:
            examples.append({"row": r.row, "line": r.raw[:300]})
    if result.status == "rejected":
        return out
    out["message"] = (f"{result.rows_read:,} lines read: {result.rows_loaded:,} to load, {result.rows_rejected:,} "
                      f"rejected, {result.rows_duplicate:,} already loaded"
                      + (f", {result.rows_missing:,} lines of the earlier publication of {result.period} not in "
                         "this file (they stay)" if result.rows_missing else "") + ". Nothing is written yet.")
    fields = ", ".join(SHOWN_FIELDS)      # fixed identifiers
    rows = con.execute(f"select {fields} from stage where reject_reason is null order by idx limit $n",
                       {"n": FIRST_LINES}).fetchall()
    out["first_lines"] = [{k: (str(v) if v is not None else None) for k, v in zip(SHOWN_FIELDS, row)}
                          for row in rows]
    months = con.execute("""
        with staged as (
            select strftime(payment_date, '%Y-%m') as month, count(*) as lines, sum(amount)::double as amount
            from stage where reject_reason is null group by 1
        ),
        new as (select strftime(payment_date, '%Y-%m') as month, count(*) as lines from new_lines group by 1)
        select s.month, s.lines, s.amount, coalesce(n.lines, 0) from staged s left join new n using (month)
        order by 1
    """).fetchall()
    out["months"] = [{"month": m, "lines": n, "amount": a, "new_lines": new} for m, n, a, new in months]
    return out
