"""PDFs load nothing from the network: only Kindred's own static files."""

from __future__ import annotations

import pytest

from kindred.lib.pdf import static_file


def test_only_kindreds_static_files_are_read() -> None:
    assert static_file("kindred:/static/kindred/css/kindred.css").endswith("kindred.css")
    for url in (
        "https://example.org/tracker.css",
        "file:///etc/passwd",
        "kindred:/static/../../settings.py",
        "kindred:/media/upload.png",
    ):
        with pytest.raises(ValueError):
            static_file(url)
