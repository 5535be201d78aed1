"""The Keep it Local Network: 17 councils (2019 GSS codes), the pilots, and the folder names of their files."""
from __future__ import annotations

NETWORK: dict[str, str] = {
    "E08000032": "Bradford",
    "E06000023": "Bristol, City of",
    "E08000033": "Calderdale",
    "E09000012": "Hackney",
    "E08000034": "Kirklees",
    "E09000023": "Lewisham",
    "E08000021": "Newcastle upon Tyne",
    "E08000004": "Oldham",
    "E08000018": "Rotherham",
    "E06000025": "South Gloucestershire",
    "E08000015": "Wirral",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
    "E06000050": "Cheshire West and Chester",
    "E06000014": "York",
    "E10000011": "East Sussex",
    "E07000235": "Malvern Hills",
}
KEEP_IT_LOCAL_PILOTS = ("E08000032", "E06000023")   # Bradford, Bristol
MAKE_IT_LOCAL = ("E06000023",)                      # Bristol

# Folder names under data/raw/spend and data/demo/spend.
SLUGS: dict[str, str] = {
    "bradford": "E08000032",
    "bristol": "E06000023",
    "calderdale": "E08000033",
    "leeds": "E08000035",
    "newcastle": "E08000021",
    "wakefield": "E08000036",
}
