"""Offline Data Docs: every asset the installed GX templates load is vendored; the rewrite misses none."""

from __future__ import annotations

import csv
from pathlib import Path

import great_expectations
import pytest

from prakerja_dq.validation.data_docs import (
    ASSETS_TABLE,
    GX_ASSETS_HOST,
    VENDOR_DIR,
    OfflineSiteBuilder,
    cdn_assets,
    copy_vendored_assets,
    offline_source,
    unknown_asset_urls,
)

GX_TEMPLATES = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
GX_STYLES = Path(great_expectations.__file__).parent / "render" / "view" / "static" / "styles"
SOURCES = sorted([*GX_TEMPLATES.glob("*.j2"), *GX_STYLES.glob("*.css")])


def test_the_installed_gx_templates_load_cdn_assets():
    """The reason for all this: if GX ever stops loading from CDNs, this module can go."""
    fetched = {url for path in SOURCES for url in unknown_asset_urls(path.read_text(encoding="utf-8"))}
    assert len(fetched) > 10
    assert set(cdn_assets()) <= fetched | {GX_ASSETS_HOST}


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_no_template_fetches_anything_from_the_network_once_rewritten(path):
    assert unknown_asset_urls(offline_source(path.read_text(encoding="utf-8"))) == []


def test_subresource_integrity_is_dropped_and_links_to_gx_stay():
    source = (GX_TEMPLATES / "js_script_imports.j2").read_text(encoding="utf-8")
    assert "integrity=" in source
    assert "integrity=" not in offline_source(source) and "crossorigin" not in offline_source(source)
    footer = (GX_TEMPLATES / "cloud-footer.j2").read_text(encoding="utf-8")
    assert offline_source(footer) == footer  # a link is followed only when clicked: not a request


def test_every_vendored_file_of_the_table_is_there_with_its_licence():
    with ASSETS_TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["url"] for row in rows} == set(cdn_assets())
    readme = (ASSETS_TABLE.parent / "README.md").read_text(encoding="utf-8")
    for row in rows:
        path = VENDOR_DIR / row["vendored"]
        assert path.is_file() and path.stat().st_size > 0, row
        assert f"{row['package']}@{row['version']}" in readme, row["package"]
        assert row["licence"] in readme, row["licence"]
    # Font Awesome's stylesheet loads its fonts relative to itself
    assert len(list((VENDOR_DIR / "fontawesome-free-6.6.0" / "webfonts").glob("*.woff2"))) == 4


def test_copy_is_complete_and_skips_what_is_there(tmp_path):
    files = [path for path in VENDOR_DIR.rglob("*") if path.is_file()]
    assert copy_vendored_assets(tmp_path) == len(files)
    assert copy_vendored_assets(tmp_path) == 0
    for path in files:
        assert (
            tmp_path / "static" / "vendor" / path.relative_to(VENDOR_DIR)
        ).read_bytes() == path.read_bytes()


def test_the_site_builder_needs_a_folder():
    with pytest.raises(ValueError, match="base_directory"):
        OfflineSiteBuilder(data_context=None, store_backend={"class_name": "InMemoryStoreBackend"})
