"""The Keep it Local Network: 17 councils (2019 GSS codes), their folder names, and the pilots. Defined once.

Folder names are where a council's files live under data/raw/spend, data/demo/... and data/profiles.
"""
from __future__ import annotations

# code -> (folder name, name)
_NETWORK: dict[str, tuple[str, str]] = {
    "E08000032": ("bradford", "Bradford"),
    "E06000023": ("bristol", "Bristol, City of"),
    "E08000033": ("calderdale", "Calderdale"),
    "E09000012": ("hackney", "Hackney"),
    "E08000034": ("kirklees", "Kirklees"),
    "E09000023": ("lewisham", "Lewisham"),
    "E08000021": ("newcastle", "Newcastle upon Tyne"),
    "E08000004": ("oldham", "Oldham"),
    "E08000018": ("rotherham", "Rotherham"),
    "E06000025": ("south_gloucestershire", "South Gloucestershire"),
    "E08000015": ("wirral", "Wirral"),
    "E08000035": ("leeds", "Leeds"),
    "E08000036": ("wakefield", "Wakefield"),
    "E06000050": ("cheshire_west_and_chester", "Cheshire West and Chester"),
    "E06000014": ("york", "York"),
    "E10000011": ("east_sussex", "East Sussex"),
    "E07000235": ("malvern_hills", "Malvern Hills"),
}
NETWORK: dict[str, str] = {code: name for code, (_, name) in _NETWORK.items()}
SLUGS: dict[str, str] = {slug: code for code, (slug, _) in _NETWORK.items()}   # folder name -> code
KEEP_IT_LOCAL_PILOTS = ("E08000032", "E06000023")   # Bradford, Bristol
MAKE_IT_LOCAL = ("E06000023",)                      # Bristol
BRISTOL = "E06000023"


def slug(code: str) -> str:
    """The folder name of a council's files: its network folder name, else its GSS code."""
    return _NETWORK[code][0] if code in _NETWORK else code


def code_of(folder: str) -> str:
    """The GSS code behind a folder name (a folder named by its code is its own code)."""
    return SLUGS.get(folder, folder)
