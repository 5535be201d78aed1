"""The page registry: every page's id, title, the Keep it Local principle it speaks to, and its file. Defined once;
navigation, exports, the command line, tests and benchmarks read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent.parent / "app_pages"


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    icon: str                  # Material Symbols, bundled with Streamlit's static files (no font CDN)
    principle: str | None      # the principle the page speaks to (None: every principle, or none)

    @property
    def file(self) -> Path:
        return PAGES_DIR / f"{self.id}.py"

    @property
    def url_path(self) -> str:
        """The page's address under the app's root ('' for the default page)."""
        return "" if self is PAGES[0] else self.id


PAGES = (  # in navigation order; the first is the default page
    Page("overview", "Overview", ":material/dashboard:", None),
    Page("local_spend", "Local spend", ":material/payments:", "increase local spend"),
    Page("neighbourhoods", "Neighbourhoods", ":material/map:", "coordinate services at neighbourhood level"),
    Page("asset_transfers", "Asset transfers", ":material/home_work:", "commit to your community"),
    Page("social_care", "Social care", ":material/volunteer_activism:", "focus on early intervention"),
    Page("compare_areas", "Compare areas", ":material/compare_arrows:", None),
    Page("covid_context", "Covid context", ":material/coronavirus:", "think about the whole system"),
    Page("data_and_methods", "Data and methods", ":material/menu_book:", None),
)
# Pages that are tools, not views of the data: in the navigation after the pages, never exported.
TOOLS = (
    Page("load_data", "Load your data", ":material/upload_file:", None),
)
BY_ID = {p.id: p for p in PAGES}
PAGE_IDS = tuple(BY_ID)
