"""What a reader reports about one source file, for the `loads` and `rejects` ledger, and the name it is filed by."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Reject:
    row: int          # 1-based line number in the source file (header = its own line number)
    raw: str          # the raw line or record as read
    reason: str       # a reason a person can act on


@dataclass
class SourceLoad:
    """One source file read into one dataset. rows_read = rows_loaded + rows_rejected + rows_duplicate."""
    path: Path
    dataset: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    rows_missing: int = 0
    amount_loaded: float | None = None
    council_code: str | None = None
    kind: str | None = None
    period: str | None = None
    status: str = "loaded"     # loaded | unchanged | rejected
    load_id: int | None = None  # the ledger row, once written
    message: str = ""
    synthetic: bool = False
    rejects: list[Reject] = field(default_factory=list)
    layout: dict | None = None  # spend files: the columns chosen and why (etl/readers/columns.py Columns.report)
    unmapped_header: list[str] | None = None   # rejected because no columns could be decided: the header to map

    def conserved(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_rejected + self.rows_duplicate


def source_name(path: Path, data_dir: Path) -> str:
    """How the ledger names a source file: its path inside the data folder ('raw/spend/leeds/spend/2019-12.csv.gz'),
    else its file name alone (its sha256 in the ledger says which file it was). Never an absolute path."""
    try:
        return Path(path).resolve().relative_to(Path(data_dir).resolve()).as_posix()
    except ValueError:
        return Path(path).name
