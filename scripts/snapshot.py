"""Snapshot the published files the product ships, from the project's shared data folder into data/raw.

A maintainer's script, not part of the product: nothing in etl/, kil/ or dashboard/ imports it, and it is the only
code that knows where the shared folder is. Every file is copied unchanged through one path, `snapshot`, which
writes `<file>.provenance.json` beside it (kil.provenance; sha256 computed from the copy). Rerunnable: copying the
same bytes again gives the same provenance. The facts below come from shared/data/SOURCES.md. Over 400 lines
because most of it is those facts (source, commit, publisher, caveats per dataset) as data, read top to bottom.

    .venv/bin/python scripts/snapshot.py spend|registers|reference|all [--shared ../shared/data] [--data data]

- spend: data/raw/spend/<council folder>/<kind>/<period>.csv.gz (etl/load_spend.py's layout). Leeds' clean
  2020-06 repeats its processed 2020-06 (a true duplicate) and is not copied. Wakefield's "2021-Q3-card" holds
  October-December 2020 card payments and is stored as card/2020-Q3 (its name in the source is kept in the
  provenance). The FY 2023/24 files of Hackney, Kirklees, Lewisham, Rotherham and Wakefield come from Budget
  Galaxy (`galaxy`); Kirklees' "2023-Qn-card" are card/2023-Qn, Wakefield's 2023-Qn continue spend/.
- registers: data/raw/registers/, the files the supplier classifier reads (etl/readers/registers.py).
- reference: data/raw/<boundaries|deprivation|lookups|covid|social_care>/ (etl/readers/reference.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import load_spend  # noqa: E402
from kil import config, councils, provenance  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data"
OGL = "Open Government Licence v3.0"
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"

Copy = tuple[Path, Path, dict]      # source, destination, provenance facts


def snapshot(copies: Iterator[Copy]) -> list[Path]:
    """Copy each file unchanged with its provenance beside it; a missing source is an error naming it, raised
    before anything is copied."""
    copies = list(copies)
    missing = [str(src) for src, _, _ in copies if not src.exists()]
    if missing:
        raise FileNotFoundError(f"not in the shared data folder: {missing}")
    return [provenance.copy_with_provenance(src, dest, **meta) for src, dest, meta in copies]


# ---------------------------------------------------------------------------------------------- spend

SPEND_REPO = "odileeds/council-spending-data @ 791774c21f07d5388f88502fe9275abe3e3914a4"
# council -> (folder in shared/data/spend, path in the repo, publisher, notes)
SPEND = {
    "E08000032": ("bradford", "bradford/{p}_clean.csv", "City of Bradford MDC, cleaned by ODI Leeds",
                  "Payments over £500. cp1252. 2019-11 writes credits as (264,795.53). No VCSE flag."),
    "E08000033": ("calderdale", "calderdale/clean/{p}.csv", "Calderdale MBC, cleaned by ODI Leeds",
                  "LGA transparency template; from 2019-06 a 23rd column, the council's VCSE flag. "
                  "Card files: the file month is the publication month, transaction dates go back years."),
    "E08000035": ("leeds/processed", "leeds/processed/{p}.csv",
                  "Leeds City Council (Data Mill North), reduced by ODI Leeds",
                  "ODI Leeds 'processed' form (date, amount, directorate, payee). Some months cp1252 or with "
                  "mojibake kept as published. 18-35% of lines are card payments dated before the file month."),
    "E08000021": ("newcastle", "newcastle/clean/{p}.csv", "Newcastle City Council, cleaned by ODI Leeds",
                  "Payments over £250. 2022-08 has an unnamed 11th field (the council's redaction check)."),
    "E08000036": ("wakefield/processed", "wakefield/processed/{p}.csv",
                  "Wakefield MDC (Data Mill North), reduced by ODI Leeds",
                  "ODI Leeds 'processed' form, by financial quarter (Q1 = April-June). 2021-Q4 ordinary "
                  "spend (Jan-Mar 2022) is not published in the source."),
}
SPEND_SPECIAL = {  # file in shared/data/spend -> (council, kind, period, path in the repo, note)
    "wakefield/2021-Q3-card.csv.gz": ("E08000036", "card", "2020-Q3", "wakefield/clean/2021-Q3-card.csv",
        "Mislabelled in the source as 2021-Q3-card: it holds October-December 2020 card payments."),
    "wakefield/2021-Q4.csv.gz": ("E08000036", "card", "2021-Q4", "wakefield/clean/2021-Q4.csv",
        "Listed in the source as supplier spend 2021-22 Q4, but it is a card (GPC) file for January-March 2022."),
}


# FY 2023/24 files from Budget Galaxy (shared/data/SOURCES.md, "FY 2023/24 files from Budget Galaxy"): the repo
# file compressed with gzip -9 -n, nothing else. Folder in shared/data/spend = the council's folder in data/raw/spend.
GALAXY_REPO = "JuanBlanco9/German-Budget-Galaxy"
GALAXY_HEAD = "54c09471e302d38c9d1f01735b16e1eddd1100f7"
GALAXY_DIR = "data/uk/local_authorities/spend"
GALAXY_RETRIEVED = "2026-12 (repo snapshot)"
GALAXY_CONVERTED = ("Converted by Budget Galaxy from the council's Excel file (SheetJS raw values): values unchanged, "
                    "but Excel dates are serial day numbers (45019 = 2023-04-03) and runs of spaces inside cells "
                    "are collapsed.")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_KIRKLEES_NAMES = {"2023-06": "published-data-2023-06-30", "2023-07": "KC-published-data-2023-07-31",
                   "2023-11": "KC-Published-Data_-2023-11-30", "2023-12": "KC-Published-Data-2023-12-31"}


def _month_end(period: str) -> str:
    y, m = map(int, period.split("-"))
    return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


# council -> (repo folder, repo file for a period and kind, last-change commit, publisher, notes for every file)
GALAXY = {
    "E09000012": (
        "hackney", lambda p, kind: f"{p.replace('-', '_')}.csv", "95a6bb567f1449d34eaea245bafe0ee0797e922a",
        "London Borough of Hackney",
        "Spending over £250, as published (UTF-8). May 2023 is missing at source: there is no 2023-05 file, and "
        "2023-06 holds 3 lines paid in May, so May 2023 shows as partial. The last line is a 'Grand Total' row "
        "(2023-08 also ends with a blank line). Amounts are text like ' £ 3,750.00 '; no credits. The beneficiary "
        "is redacted on 35% of lines ('REDACTED - PERSONAL', 'REDACTED - COMMERCIAL')."),
    "E08000034": (
        "kirklees_metropolitan_borough_council",
        lambda p, kind: (f"archive/Purchase-Card-Transactions-Quarter-{p[-1]}-2023-24.csv" if kind == "card"
                         else f"{_KIRKLEES_NAMES.get(p, 'Published-Data-' + _month_end(p))}.csv"),
        "9c9f79d6540dc1e11e9aba9e9c765c15ef1ff836", "Kirklees Council",
        "Expenditure over £500 by month; purchase-card transactions by financial quarter. " + GALAXY_CONVERTED +
        " Card dates are dd/mm/yyyy text except Q4, which is mm/dd/yyyy. 67-287 credits a month; April 2023 nets "
        "to £9.9 M because of one -£37,842,000 line. Vendor Name is 'REDACTED DATA' or 'REDACTED PERSONAL DATA' "
        "on 37.5% of lines, including large school payments."),
    "E09000023": (
        "lewisham", lambda p, kind: f"{p.replace('-', '_')}.csv", "a1b41be53c7a35223bebe92e82af1ab82fd6a787",
        "London Borough of Lewisham",
        "Spending over £250 by month. " + GALAXY_CONVERTED + " April and June 2023 are missing at source (no file "
        "for either month). Each file ends with an amount-only total row; five files add an empty 7th column and "
        "2024-02 has header typos. No transaction number: identical lines are separate payments. The supplier is "
        "'Redacted' on 38.8% of lines."),
    "E08000018": (
        "rotherham_metropolitan_borough_council",
        lambda p, kind: f"rotherham_{_MONTHS[int(p[5:]) - 1]}_{p[:4]}.csv",
        "c846a67e893adfaa467c09170bcc07d15c0d2b00", "Rotherham MBC",
        "Supplier payment reports named by publication month, not payment month: each file's lines reach back "
        "2-5 months, so lines are assigned by DATE (2023-04 holds 10 lines paid in March 2023; 2024-03 holds 3,174 "
        "paid in April 2024). " + GALAXY_CONVERTED + " Column names and order vary (2023-06 puts NAME before "
        "EXPENSE AREA). No £500 threshold; 1,246-2,235 credits a month. The supplier is redacted on 11.7% of "
        "lines."),
    "E08000036": (
        "wakefield_metropolitan_district_council", lambda p, kind: f"wakefield_q{p[-1]}_2023-24.csv",
        "bef4bf92f6d06ba2b935f88765ef52d0945f55d8", "Wakefield Council",
        "Supplier spend over £500 by financial quarter (Q1 = April-June), as published; continues the ODI Leeds "
        "processed series. cp1252. Amounts are text like '1,200.00 '. Q2-Q4 have empty trailing header fields, "
        "two amount-only subtotal rows and 3-9 blank lines each. Company and charity numbers filled. The supplier "
        "is 'REDACTED' on 14.6% of lines."),
}


def galaxy(shared: Path, data_dir: Path) -> Iterator[Copy]:
    """The FY 2023/24 files of Hackney, Kirklees, Lewisham, Rotherham and Wakefield (shared/data/spend/<folder>/
    YYYY-MM.csv.gz, YYYY-Qn.csv.gz and Kirklees' YYYY-Qn-card.csv.gz)."""
    for code, (repo_folder, repo_file, commit, publisher, notes) in GALAXY.items():
        folder = councils.slug(code)
        for src in sorted((shared / "spend" / folder).glob("2023-*.csv.gz")) + sorted(
                (shared / "spend" / folder).glob("2024-*.csv.gz")):
            m = re.fullmatch(r"(\d{4}-(?:\d{2}|Q\d))(-card)?", src.name[: -len(".csv.gz")])
            if not m:
                continue
            kind, period = ("card" if m.group(2) else "spend"), m.group(1)
            repo_path = f"{GALAXY_DIR}/{repo_folder}/{repo_file(period, kind)}"
            yield src, load_spend.kept_path(data_dir, src, code, kind, period), dict(
                source=f"{GALAXY_REPO} @ {GALAXY_HEAD} {repo_path} (last changed in {commit}; gzip -9 -n of the "
                       "repo file)",
                publisher=publisher, licence=OGL, attribution=OGL_ATTRIBUTION, retrieved=GALAXY_RETRIEVED,
                notes=notes, council=folder, kind=kind, period=period, source_name=src.name)


def spend(shared: Path, data_dir: Path) -> Iterator[Copy]:
    def copy(src, code, kind, period, repo_path, note):
        dest = load_spend.kept_path(data_dir, src, code, kind, period)
        return src, dest, dict(
            source=f"{SPEND_REPO} {repo_path} (gzip -9 of the repo file)", publisher=SPEND[code][2], licence=OGL,
            attribution=OGL_ATTRIBUTION, retrieved="2026-11 (repo snapshot)", notes=note,
            council=councils.slug(code), kind=kind, period=period)

    for code, (folder, repo_path, _, notes) in SPEND.items():
        for src in sorted((shared / "spend" / folder).glob("*.csv.gz")):
            m = re.fullmatch(r"(\d{4}-(?:\d{2}|Q\d))(-card)?", src.name[: -len(".csv.gz")])
            if m:
                yield copy(src, code, "card" if m.group(2) else "spend", m.group(1),
                           repo_path.format(p=m.group(0)), notes)
    for name, (code, kind, period, repo_path, note) in SPEND_SPECIAL.items():
        yield copy(shared / "spend" / name, code, kind, period, repo_path, note)
    yield from galaxy(shared, data_dir)


# ---------------------------------------------------------------------------------------------- registers

CODEPOINT_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright "
    "and database right 2025. Contains National Statistics data © Crown copyright and database right 2025"
)
CCEW_ATTRIBUTION = OGL_ATTRIBUTION + " (Charity Commission for England and Wales)"
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


def registers(shared: Path, data_dir: Path) -> Iterator[Copy]:
    """Retrieved: the date the shared folder's file was last written."""
    for name, meta in REGISTERS.items():
        src = shared / "registers" / name
        retrieved = dt.date.fromtimestamp(src.stat().st_mtime).isoformat() if src.exists() else ""
        yield src, data_dir / "raw" / "registers" / name, dict(meta, retrieved=retrieved)


# ---------------------------------------------------------------------------------------------- reference

ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2016–2025."
)
MARTINJC_ATTRIBUTION = (
    ONS_ATTRIBUTION + " GeoJSON and TopoJSON UK Boundary Data by Martin Chorley "
    "(https://github.com/martinjc/UK-GeoJSON), CC BY 4.0"
)
IMD_ATTRIBUTION = OGL_ATTRIBUTION + " (MHCLG, English Indices of Deprivation 2019)"
UKHSA_ATTRIBUTION = "UKHSA COVID-19 dashboard data, Open Government Licence v3.0"
ONSVISUAL = "ONSvisual/uk-topojson output/topo.json @ b2fde50cb130908b897de10b65cdc392f9b4ff78"
GEOGRAPHY_BITS_WD25 = "open-innovations/geography-bits data/WD25CD/<ward code>.geojsonl @ 533ae2a5b158dcb5a2f53fdf9c6f2e3b834cdbfc"
HUMANIVERSE = "humaniverse/IMD data-raw/{} @ 3213bdb0f8a6090a27c60a53b292b84b8f81038d"
UKC19 = "ai4ci/ukc19 data/ltla_cases.rda @ 9d0e33034c11714fd876ec52214fce54fd0d9df2"
MSOA_MARTINJC = dict(
    publisher="ONS generalised clipped MSOA (Dec 2011) boundaries, converted by Martin Chorley",
    licence="CC BY 4.0 (Martin Chorley) over " + OGL + " ONS/OS data", attribution=MARTINJC_ATTRIBUTION,
)


def _wd25(council: str) -> dict:
    return dict(
        source=GEOGRAPHY_BITS_WD25,
        publisher="ONS Wards (May 2025) boundaries, via Open Innovations",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes=f"{council} wards as at May 2025: per-ward files wrapped into one FeatureCollection, values unchanged.",
    )


# relative path under shared/data (and under data/raw) -> provenance facts
REFERENCE: dict[str, dict] = {
    "boundaries/lad2019_england_bsc.geojson": dict(
        source=f"Converted from {ONSVISUAL} (ltla layer, E-codes active in 2019, arcs decoded, no simplification)",
        publisher="ONS (Open Geography Portal), compiled by the ONS Visual team",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes="317 England LADs as at 2019 (lad19cd, lad19nm); 2016 super-generalised (BSC) geometry.",
    ),
    "boundaries/uk_lad_utla_2014_2025_ons_bsc.topo.json": dict(
        source=f"{ONSVISUAL} (copied unchanged)",
        publisher="ONS Visual / ONS geography",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes="Multi-year TopoJSON; used for the cty (counties) and rgn (regions) layers. No CRS member: WGS84.",
    ),
    "boundaries/wards2019_bristol_E06000023.geojson": dict(
        source="open-innovations/geography-bits data/WD19CD/E050108xx.geojsonl and E050109xx.geojsonl "
               "@ 98e1769b69871009d020f2883bd1bba104f943a1",
        publisher="ONS Wards (December 2019) Boundaries EW BGC, via Open Innovations",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes="34 Bristol wards in force since May 2016, wrapped into one FeatureCollection, values unchanged.",
    ),
    "boundaries/wards2024_bradford_E08000032.geojson": dict(
        source="open-innovations/bradford-2025 src/_data/geojson/bd_wards.geojson @ d5464a94a439e720ec14ec5e941686ea3703d90d",
        publisher="ONS Wards 2024 (WD24) boundaries, extracted by Open Innovations",
        licence=OGL + " (repo dashboards CC BY 4.0)",
        attribution=ONS_ATTRIBUTION,
        notes="30 Bradford wards (codes unchanged since 2004). Coarse geometry.",
    ),
    "boundaries/wards2025_calderdale_E08000033.geojson": _wd25("Calderdale"),
    "boundaries/wards2025_leeds_E08000035.geojson": _wd25("Leeds"),
    "boundaries/wards2025_newcastle_E08000021.geojson": _wd25("Newcastle upon Tyne"),
    "boundaries/wards2025_wakefield_E08000036.geojson": _wd25("Wakefield"),
    "boundaries/msoa2011_bradford_E08000032.geojson": dict(
        source="martinjc/UK-GeoJSON json/statistical/eng/msoa_by_lad/E08000032.json @ a55ad7691c3ad28fa9c13caeca9350bed3eb74ac",
        notes="61 Bradford 2011 MSOAs.", **MSOA_MARTINJC,
    ),
    "boundaries/msoa2011_bristol_E06000023.geojson": dict(
        source="martinjc/UK-GeoJSON json/statistical/eng/msoa_by_lad/E06000023.json @ a55ad7691c3ad28fa9c13caeca9350bed3eb74ac",
        notes="55 Bristol 2011 MSOAs.", **MSOA_MARTINJC,
    ),
    "deprivation/imd2019_lad19_england.csv": dict(
        source=HUMANIVERSE.format("imd_england_lad.csv"),
        publisher="MHCLG, English Indices of Deprivation 2019 (File 10, local authority summaries)",
        licence=OGL + "; package code MIT",
        attribution=IMD_ATTRIBUTION,
        notes="317 LAD19 rows, official summaries; no names and no rank columns.",
    ),
    "deprivation/imd2019_ward19_england.csv": dict(
        source=HUMANIVERSE.format("imd_england_ward.csv"),
        publisher="Derived by the humaniverse/IMD authors from MHCLG IoD2019 LSOA scores (LSOA11 -> WD19)",
        licence=OGL + " (source data)",
        attribution=IMD_ATTRIBUTION,
        notes="Unofficial aggregation to 2019 wards (MHCLG LA-summary method); not an MHCLG release.",
    ),
    "deprivation/imd2019_msoa11_england.csv": dict(
        source=HUMANIVERSE.format("imd_england_msoa.csv"),
        publisher="Derived by the humaniverse/IMD authors from MHCLG IoD2019",
        licence=OGL,
        attribution=IMD_ATTRIBUTION,
        notes="Unofficial aggregation to 2011 MSOAs.",
    ),
    "lookups/msoa2011_names_hocl_v1.14.csv": dict(
        source="ukparliament/visual.parliament.uk-msoanames data/versions/1.14/MSOA-Names-1.14.csv "
               "@ eed2abbb826f201b64597bd5269e46177855a18c",
        publisher="House of Commons Library",
        licence="Open Parliament Licence v3.0 (names); ONS codes OGL v3",
        attribution="House of Commons Library MSOA Names, Open Parliament Licence v3.0",
        notes="UTF-8 with BOM. 2011 MSOAs.",
    ),
    "lookups/wards_network.csv": dict(
        source="Extracted from the six ward GeoJSON files above (shared/data/SOURCES.md, lookups/wards_network.csv)",
        publisher="ONS",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes="161 wards of Bradford, Bristol, Calderdale, Leeds, Newcastle upon Tyne, Wakefield -> LAD; "
              "codes equal Code-Point Open (Oct 2025) ward codes for each council. CRLF line ends.",
    ),
    "covid/ltla_covid_cases_weekly_england.csv": dict(
        source=f"Aggregated by ISO week from {UKC19} (non-English codes dropped)",
        publisher="UKHSA COVID-19 dashboard archive, packaged by AI4CI / University of Bristol",
        licence=OGL + " (original data); package MIT",
        attribution=UKHSA_ATTRIBUTION,
        notes="316 LTLAs (no Isles of Scilly); series start at first case; October 2020 missing for Hackney, "
              "Buckinghamshire and Northamptonshire districts; last week 2023-12-11 holds 2 days.",
    ),
    "social_care/oflog_adult_social_care_metrics_by_la_2015_2023.csv": dict(
        source="communitiesuk/oflog-automated-text src/lib/ASC_data.csv @ 16628da1e26909e5d88de993585959d7633f7df1",
        publisher="MHCLG/DLUHC Oflog, from NHS England ASCOF, SALT and Skills for Care data",
        licence=OGL + " per Oflog (repo has no LICENSE file)",
        attribution=OGL_ATTRIBUTION + " (Office for Local Government)",
        notes="Oflog extract, not the full ASCOF release. ASC7 workforce turnover is Skills for Care data: "
              "check its reuse terms before publishing.",
    ),
}


def reference(shared: Path, data_dir: Path) -> Iterator[Copy]:
    """Retrieved: today, unless the same bytes were copied before (then that earlier date, so a rerun changes
    nothing)."""
    for rel, meta in REFERENCE.items():
        src, dest = shared / rel, data_dir / "raw" / rel
        earlier = provenance.read(dest)
        if (earlier.get("retrieved") and dest.exists() and src.exists()
                and earlier.get("sha256") == provenance.sha256(src)):
            retrieved = earlier["retrieved"]
        else:
            retrieved = (f"{dt.date.today().isoformat()} (copied from the project's shared data folder; "
                         "see its SOURCES.md)")
        yield src, dest, dict(meta, retrieved=retrieved)


DATASETS = {"spend": spend, "registers": registers, "reference": reference}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=[*DATASETS, "all"])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--data", type=Path, default=config.DATA_DIR, help="the data folder (default data/)")
    args = parser.parse_args(argv)
    for name in DATASETS if args.dataset == "all" else (args.dataset,):
        copied = snapshot(DATASETS[name](args.shared, args.data))
        print(f"{name}: {len(copied)} files copied into {args.data / 'raw'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
