"""Copy the reference files the product uses from the shared data folder into data/raw, with provenance.

Run: .venv/bin/python -m etl.vendor_reference [SHARED_DATA_DIR]

The facts below come from shared/data/SOURCES.md. Files are copied unchanged; each gets a
`<file>.provenance.json` beside it (sha256 computed on copy). Rerunning overwrites both.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from kil import config
from kil import provenance
from kil.provenance import copy_with_provenance

SHARED_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"

OGL = "Open Government Licence v3.0"
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2016–2025."
)
MARTINJC_ATTRIBUTION = (
    ONS_ATTRIBUTION + " GeoJSON and TopoJSON UK Boundary Data by Martin Chorley "
    "(https://github.com/martinjc/UK-GeoJSON), CC BY 4.0"
)
IMD_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(MHCLG, English Indices of Deprivation 2019)"
)
UKHSA_ATTRIBUTION = "UKHSA COVID-19 dashboard data, Open Government Licence v3.0"
ONSVISUAL = "ONSvisual/uk-topojson output/topo.json @ b2fde50cb130908b897de10b65cdc392f9b4ff78"
GEOGRAPHY_BITS_WD25 = "open-innovations/geography-bits data/WD25CD/<ward code>.geojsonl @ 533ae2a5b158dcb5a2f53fdf9c6f2e3b834cdbfc"
HUMANIVERSE = "humaniverse/IMD data-raw/{} @ 3213bdb0f8a6090a27c60a53b292b84b8f81038d"
UKC19 = "ai4ci/ukc19 data/ltla_cases.rda @ 9d0e33034c11714fd876ec52214fce54fd0d9df2"


def _wd25(council: str) -> dict:
    return dict(
        source=GEOGRAPHY_BITS_WD25,
        publisher="ONS Wards (May 2025) boundaries, via Open Innovations",
        licence=OGL,
        attribution=ONS_ATTRIBUTION,
        notes=f"{council} wards as at May 2025: per-ward files wrapped into one FeatureCollection, values unchanged.",
    )


# relative path under shared/data (and under data/raw) -> provenance facts
FILES: dict[str, dict] = {
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
        publisher="ONS generalised clipped MSOA (Dec 2011) boundaries, converted by Martin Chorley",
        licence="CC BY 4.0 (Martin Chorley) over " + OGL + " ONS/OS data",
        attribution=MARTINJC_ATTRIBUTION,
        notes="61 Bradford 2011 MSOAs.",
    ),
    "boundaries/msoa2011_bristol_E06000023.geojson": dict(
        source="martinjc/UK-GeoJSON json/statistical/eng/msoa_by_lad/E06000023.json @ a55ad7691c3ad28fa9c13caeca9350bed3eb74ac",
        publisher="ONS generalised clipped MSOA (Dec 2011) boundaries, converted by Martin Chorley",
        licence="CC BY 4.0 (Martin Chorley) over " + OGL + " ONS/OS data",
        attribution=MARTINJC_ATTRIBUTION,
        notes="55 Bristol 2011 MSOAs.",
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
        attribution="Contains public sector information licensed under the Open Government Licence v3.0 "
                    "(Office for Local Government)",
        notes="Oflog extract, not the full ASCOF release. ASC7 workforce turnover is Skills for Care data: "
              "check its reuse terms before publishing.",
    ),
}


def _retrieved(src: Path, dest: Path) -> str:
    """Today, unless the same bytes were copied before: then the earlier date, so a rerun changes nothing."""
    earlier = provenance.read(dest)
    if earlier.get("retrieved") and dest.exists() and earlier.get("sha256") == provenance.sha256(src):
        return earlier["retrieved"]
    return f"{date.today().isoformat()} (copied from the project's shared data folder; see its SOURCES.md)"


def vendor(shared_dir: Path, data_dir: Path) -> list[Path]:
    """Copy every file in FILES from shared_dir into data_dir/raw, each with its provenance sidecar."""
    copied = []
    for rel, meta in FILES.items():
        src = Path(shared_dir) / rel
        if not src.exists():
            raise FileNotFoundError(f"{src}: listed in etl/vendor_reference.py but not in the shared data folder")
        dest = Path(data_dir) / "raw" / rel
        copied.append(copy_with_provenance(src, dest, retrieved=_retrieved(src, dest), **meta))
    return copied


if __name__ == "__main__":
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED_DATA_DIR
    for path in vendor(shared, config.DATA_DIR):
        print(path)
