"""Supplier classes and localities: ids, the labels people see, their order and colours, defined once.

The ETL (etl/classify.py) writes the ids; marts, queries, charts and exports read the labels from here.
The base of every spend share is **external spend**: spend with suppliers that are neither public bodies nor
individuals (EXTERNAL_CLASSES). Money to other councils, the NHS, schools or people is not a market the council
chooses local organisations in.
"""
from __future__ import annotations

# id -> label, in the order charts and legends show them ("unknown" last, grey, never hidden).
CLASS_LABELS: dict[str, str] = {
    "vcse": "VCSE (voluntary, community, social enterprise)",
    "private": "Private sector",
    "public_body": "Public bodies",
    "individual": "Individuals (names withheld)",
    "unknown": "Unknown",
}
CLASSES = tuple(CLASS_LABELS)
EXTERNAL_CLASSES = ("vcse", "private", "unknown")
EXTERNAL_SPEND = ("Spend with external suppliers: every supplier except public bodies and individuals "
                  "(classes VCSE, private and unknown).")

LOCALITY_LABELS: dict[str, str] = {
    "local": "Based in the council",
    "non_local": "Based elsewhere",
    "unknown": "Unknown",
}
LOCALITIES = tuple(LOCALITY_LABELS)

# Colour-blind-safe (Okabe-Ito); "unknown" is always grey so it is visible but never mistaken for a class.
CLASS_COLOURS = {"vcse": "#009E73", "private": "#0072B2", "public_body": "#CC79A7", "individual": "#E69F00",
                 "unknown": "#999999"}
LOCALITY_COLOURS = {"local": "#009E73", "non_local": "#0072B2", "unknown": "#999999"}
