"""Copy the register files the supplier classifier uses into data/raw/registers/, unchanged, with provenance.

The only module that knows where the shared data folder is. Rerunnable: copying again gives the same bytes and the
same provenance (the sha256 is computed from the copy).

    .venv/bin/python -m etl.vendor_registers [--shared ../shared/data] [--data data]
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kil import config
from kil.provenance import copy_with_provenance

DEFAULT_SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

OGL = "Open Government Licence v3.0"
CODEPOINT_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright "
    "and database right 2025. Contains National Statistics data © Crown copyright and database right 2025"
)
CCEW_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(Charity Commission for England and Wales)"
)
UKCAT_ATTRIBUTION = "UK-CAT, charity-classification/ukcat, CC BY 4.0"

# file name -> provenance facts, from shared/data/SOURCES.md (registers section).
REGISTERS = {
    "codepoint_open_2025-10_postcodes_selected_areas.csv.gz": dict(
        source="A-makarim/UCL-CSRI codepo_gb/Data/CSV/{bd,hx,hd,ls,wf,bs,m,ol,s,ch,yo,bn,wr,l,ne,se,e}.csv "
               "@ 489ccca6a632da4cf64fce856bcedcedfde4c33b",
        publisher="Ordnance Survey Code-Point Open (contains Royal Mail and ONS data)",
        licence=OGL, attribution=CODEPOINT_ATTRIBUTION,
        notes="Subset of Code-Point Open 2025.4.0 (Royal Mail update 2025-10-17) for 17 postcode areas; district and "
              "sector added, NHS columns dropped, lat/long derived from E/N. Live postcodes only.",
    ),
    "codepoint_open_2025-10_area_codes_names.csv": dict(
        source="A-makarim/UCL-CSRI codepo_gb/Doc/Codelist.xlsx @ 489ccca6a632da4cf64fce856bcedcedfde4c33b",
        publisher="Ordnance Survey", licence=OGL, attribution=CODEPOINT_ATTRIBUTION,
        notes="Names for every LAD, ward and county code in the Code-Point subset (OS style names, October 2025).",
    ),
    "postcode_district_to_lad_2025-10.csv": dict(
        source="Derived from codepoint_open_2025-10_postcodes_selected_areas.csv.gz",
        publisher="Ordnance Survey / Royal Mail / ONS", licence=OGL, attribution=CODEPOINT_ATTRIBUTION,
        notes="Postcode district -> LADs its units fall in, with shares of postcode units.",
    ),
    "postcode_sector_to_lad_2025-10.csv": dict(
        source="Derived from codepoint_open_2025-10_postcodes_selected_areas.csv.gz",
        publisher="Ordnance Survey / Royal Mail / ONS", licence=OGL, attribution=CODEPOINT_ATTRIBUTION,
        notes="Postcode sector -> LADs its units fall in, with shares of postcode units.",
    ),
    "ccew_charity_other_names_2024-09-10.csv.gz": dict(
        source="dataactivists/charity_commission_register archive/publicextract.charity_other_names.zip "
               "@ d96de10e1b501411d9ad6c81e95ade48d060762c",
        publisher="Charity Commission for England and Wales", licence=OGL, attribution=CCEW_ATTRIBUTION,
        notes="Register table charity_other_names (working and previous names), JSON converted to CSV. Not the main "
              "register: main names, postcodes and status are absent. Names can collide with companies (COLAS).",
    ),
    "ukcat_uk_charities_status_icnptso_2021-07.csv.gz": dict(
        source="charity-classification/ukcat data/charities_active-icnptso.csv + charities_inactive-icnptso.csv "
               "@ e1f1956d7e1cd27761c0e386cedb1429857e59fb",
        publisher="UK-CAT, from the CCEW, OSCR and CCNI registers",
        licence="CC BY 4.0 (classification); OGL v3 (charity numbers)", attribution=UKCAT_ATTRIBUTION,
        notes="Every UK charity number known to UK-CAT in July 2021, active or inactive. No names.",
    ),
    "ukcat_manually_classified_charities_sample.csv.gz": dict(
        source="charity-classification/ukcat data/sample.csv @ 80a8e89c70142cfe4d51974f070a90719d607b35",
        publisher="UK-CAT (NCVO, Sheffield Hallam CRESR, David Kane)",
        licence="CC BY 4.0 (classification); OGL v3 (register fields)", attribution=UKCAT_ATTRIBUTION,
        notes="Random ~2% sample of UK charities with name, postcode, active flag; register data about 2020-21.",
    ),
    "ukcat_manually_classified_charities_top2000.csv.gz": dict(
        source="charity-classification/ukcat data/top2000.csv @ 0de7c82dba23e120a06b7b0f91a7e6f5570c5417",
        publisher="UK-CAT (NCVO, Sheffield Hallam CRESR, David Kane)",
        licence="CC BY 4.0 (classification); OGL v3 (register fields)", attribution=UKCAT_ATTRIBUTION,
        notes="The largest UK charities by income, with name, postcode and active flag (2024-25).",
    ),
    "ukcat_cics_icnptso.csv.gz": dict(
        source="charity-classification/ukcat data/cics-icnptso.csv @ 7003a9ed8403aad3805bcec310069f4af368b166",
        publisher="UK-CAT, using McDonnell et al. (2026) CIC 36 Community Interest Statements Dataset",
        licence="CC BY 4.0",
        attribution=UKCAT_ATTRIBUTION + "; McDonnell et al. (2026), CIC 36 Community Interest Statements Dataset, "
                                        "CC BY 4.0",
        notes="Community Interest Company numbers (org_id GB-COH-xxxxxxxx). No names or postcodes.",
    ),
    "coops_uk_open_data_2023q2_standard.csv.gz": dict(
        source="DigitalCommons/coopsuk www/standard.csv @ a9d503385fe6100c8204763fbf97cdafe0374b26",
        publisher="Co-operatives UK, converted by the Digital Commons Co-operative",
        licence="Open Data Commons Attribution Licence (ODC-By 1.0)",
        attribution="Contains data from Co-operatives UK open data, Open Data Commons Attribution Licence (ODC-By 1.0)",
        notes="UK co-operatives as at Q2 2023 with name, postcode, company number, legal form and ownership.",
    ),
}


def vendor(shared_dir: Path, data_dir: Path) -> list[Path]:
    """Copy every register file from `shared_dir/registers` to `data_dir/raw/registers`; returns the copies."""
    src_dir, dest_dir = Path(shared_dir) / "registers", Path(data_dir) / "raw" / "registers"
    missing = [name for name in REGISTERS if not (src_dir / name).exists()]
    if missing:
        raise FileNotFoundError(f"{src_dir}: missing register files {missing}")
    copies = []
    for name, meta in REGISTERS.items():
        src = src_dir / name
        retrieved = dt.date.fromtimestamp(src.stat().st_mtime).isoformat()
        copies.append(copy_with_provenance(src, dest_dir / name, retrieved=retrieved, **meta))
    return copies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--data", type=Path, default=config.DATA_DIR)
    args = parser.parse_args(argv)
    for path in vendor(args.shared, args.data):
        print(path)


if __name__ == "__main__":
    main()
