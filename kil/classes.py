"""Supplier classes and localities: ids, the labels people see, their order and colours, defined once.

The ETL (etl/classify.py) writes the ids; marts, queries, charts and exports read the labels from here.
The base of every spend share is **external spend**: spend with identifiable suppliers that are neither public
bodies nor individuals (EXTERNAL_CLASSES). Money to other councils, the NHS, schools or people is not a market the
council chooses local organisations in.

"unattributed" (a payment of no identifiable supplier: a redaction that does not say it protects a person, a blank
name, a payment-run label such as 'MISCELLANEOUS PAYMENTS BACS') is outside external spend: it may be money to a
school, a person or a firm, and no one can tell which, so counting it would move every share by an unknown mix.
Kirklees' 'REDACTED DATA', with large school payments among it, and Wakefield's 'REDACTED' were classed as
individuals before this class existed and were outside the base then too; the commercially confidential
redactions and payment runs, once "unknown", now leave the base with them. It is shown beside the shares (the
stacked spend chart, the class drill-through), never named, and never counted as one supplier in concentration.
"""
from __future__ import annotations

# id -> label, in the order charts and legends show them ("unknown" last, grey, never hidden).
CLASS_LABELS: dict[str, str] = {
    "vcse": "VCSE (voluntary, community, social enterprise)",
    "private": "Private sector",
    "public_body": "Public bodies",
    "individual": "Individuals (names withheld)",
    "unattributed": "Not identifiable (redacted, blank or a payment run)",
    "unknown": "Unknown",
}
CLASSES = tuple(CLASS_LABELS)
EXTERNAL_CLASSES = ("vcse", "private", "unknown")
EXTERNAL_SPEND = ("Spend with external suppliers: every identifiable supplier except public bodies and "
                  "individuals (classes VCSE, private and unknown). Payments of no identifiable supplier "
                  "(redacted, blank or a payment-run label) are left out and shown beside.")

LOCALITY_LABELS: dict[str, str] = {
    "local": "Based in the council",
    "non_local": "Based elsewhere",
    "unknown": "Unknown",
}
LOCALITIES = tuple(LOCALITY_LABELS)
# The locality_rule of a supplier whose postcode lies in an area the postcode register lacks (locality unknown):
# written by etl/classify.py, read by dashboard/queries.py postcode_areas_not_covered.
LOCALITY_AREA_NOT_COVERED = "postcode area not in the register"

# Colour-blind-safe (Okabe-Ito); "unknown" is always grey so it is visible but never mistaken for a class.
# "unattributed" is a dark neutral: no hue (it is not a kind of supplier) and told from unknown's grey by lightness
# alone, which every form of colour blindness keeps (7.5:1 on white, 2.7:1 against #999999).
CLASS_COLOURS = {"vcse": "#009E73", "private": "#0072B2", "public_body": "#CC79A7", "individual": "#E69F00",
                 "unattributed": "#555555", "unknown": "#999999"}
LOCALITY_COLOURS = {"local": "#009E73", "non_local": "#0072B2", "unknown": "#999999"}
