from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


class CanonicalTextSnapshot(SingleFileSnapshotExtension):
    """One .txt file per snapshot, so a diff reads like the article."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def text_snapshot(snapshot):
    return snapshot.use_extension(CanonicalTextSnapshot)
