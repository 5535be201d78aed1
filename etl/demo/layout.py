"""The layouts of the demo files: columns and allowed values, shared by the generator and etl/readers/demo.py."""
from __future__ import annotations

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
