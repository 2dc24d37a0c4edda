"""Great Expectations Data Docs that render offline: GX's pages load vendored copies of their CDN assets.

GX's page templates (``great_expectations/render/view/templates``) load Bootstrap, bootstrap-table, jQuery,
Font Awesome, Vega, ... from CDNs and the navbar logo from S3; offline, the pages render unstyled and their
tables stay empty. ``OfflineSiteBuilder`` is the GX ``SiteBuilder`` our context names in ``data_docs_sites``:
its page views read GX's own templates through ``OfflineTemplateLoader``, which points every known CDN URL at
the vendored copy in the site's ``static/vendor/`` (relative to the page, by the depth rule GX's navbar uses
for its home link), points the logo at GX's bundled ``static/images/``, and drops the ``integrity`` and
``crossorigin`` attributes that a page opened from ``file://`` cannot satisfy (the vendored files are the same
bytes as the CDN's: see ``README.md``). ``build`` copies the vendored files into the site.

Why not copies of GX's templates: they would drift from the installed GX at its next upgrade. Why not
rewriting the built HTML afterwards: GX then writes pages that point at CDNs, and a second pass has to find
and rewrite them after every build. Here every page GX renders, on every build, is offline as written, and a
test fails if an upgraded GX loads an asset the table does not know (``unknown_asset_urls``).
"""

from __future__ import annotations

import csv
import functools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from great_expectations.render.renderer.site_builder import SiteBuilder
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BaseLoader, Environment, pass_context
from jinja2.runtime import Context

VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
ASSETS_TABLE = Path(__file__).parent / "cdn_assets.csv"
# GX's web assets on S3: the navbar logo (top_navbar.j2), the dark-mode logo (data_docs_default_styles.css).
GX_ASSETS_HOST = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
_ATTRIBUTE_URL = re.compile(
    r"""\b(?P<attribute>src|href)=(?P<quote>["'])(?P<url>https?://[^"']+)(?P=quote)"""
)
_SUBRESOURCE_INTEGRITY = re.compile(r"""\s+(?:integrity="sha\d+-[^"]*"|crossorigin="anonymous")""")
# Elements whose URL the browser fetches by itself (links are followed only when clicked).
_FETCHED = re.compile(
    r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["'](https?://[^"']+)["']|url\(['"]?(https?://[^'")]+)"""
)


@pass_context
def offline_static_dir(context: Context) -> str:
    """The site's ``static/`` folder relative to the page being rendered (GX's navbar depth rule).

    Validation pages sit at ``validations/<suite as folders>/<run>/<time>/<batch>.html``, suite pages at
    ``expectations/<suite as folders>.html``, the index at the site's root.
    """
    renderer_type = str(context.get("renderer_type") or "")
    dots = str(context.get("expectation_suite_name") or "").count(".")
    if "ValidationResults" in renderer_type or "ProfilingResults" in renderer_type:
        return "../" * (dots + 4) + "static/"
    if "ExpectationSuite" in renderer_type:
        return "../" * (dots + 1) + "static/"
    return "./static/"


@functools.cache
def cdn_assets() -> dict[str, str]:
    """Each CDN asset GX's templates load, and its vendored copy under ``static/vendor/`` (``cdn_assets.csv``,
    which also gives the package, version and licence; "npm/vega@5" and its kin are the package's main build
    file, which is what jsDelivr serves for them)."""
    with ASSETS_TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["url"]: row["vendored"] for row in csv.DictReader(handle)}


def _to_vendored(match: re.Match[str]) -> str:
    path = cdn_assets().get(match["url"])
    if path is None:
        return match[0]
    return f"{match['attribute']}={match['quote']}{{{{ offline_static_dir() }}}}vendor/{path}{match['quote']}"


def offline_source(source: str) -> str:
    """A GX template's source with its CDN assets pointed at the vendored copies.

    >>> offline_source('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')
    '<script src="{{ offline_static_dir() }}vendor/jquery-3.7.1/jquery.min.js"></script>'
    >>> offline_source('{% set static_images_dir = "' + GX_ASSETS_HOST + '" -%}')
    '{% set static_images_dir = offline_static_dir() + "images/" -%}'
    """
    source = _SUBRESOURCE_INTEGRITY.sub("", source)
    source = _ATTRIBUTE_URL.sub(_to_vendored, source)
    source = source.replace(f'"{GX_ASSETS_HOST}"', 'offline_static_dir() + "images/"')
    # GX's favicon link on validation pages climbs one folder too few (favicon.j2 counts 3, pages are 4 deep)
    favicon = 'offline_static_dir() + "images/favicon.ico"'
    source = source.replace('static_images_dir + "favicon.ico"', favicon)
    return source.replace(
        f"{GX_ASSETS_HOST}full_logo_dark.png", "{{ offline_static_dir() }}images/logo-long.png"
    )


def unknown_asset_urls(source: str) -> list[str]:
    """URLs a page rendered from ``source`` would still fetch from the network (none, once offline).

    >>> unknown_asset_urls('<a href="https://greatexpectations.io">GX</a><img src="https://x.org/a.png">')
    ['https://x.org/a.png']
    """
    found = [script or style for script, style in _FETCHED.findall(source)]
    if GX_ASSETS_HOST in source:
        found.append(GX_ASSETS_HOST)
    return found


class OfflineTemplateLoader(BaseLoader):
    """Loads GX's templates (through ``inner``) with their CDN assets pointed at the vendored copies."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return offline_source(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def make_offline(environment: Environment) -> None:
    """Make a GX view's Jinja environment render offline pages."""
    if not isinstance(environment.loader, OfflineTemplateLoader):
        environment.loader = OfflineTemplateLoader(environment.loader)
    environment.globals["offline_static_dir"] = offline_static_dir


class OfflinePageView(DefaultJinjaPageView):
    """GX's page view (suites and validation results), rendering offline pages."""

    def __init__(self, custom_styles_directory: str | None = None, custom_views_directory: str | None = None):
        super().__init__(
            custom_styles_directory=custom_styles_directory, custom_views_directory=custom_views_directory
        )
        make_offline(self.env)


class OfflineIndexPageView(DefaultJinjaIndexPageView):
    """GX's index page view, rendering an offline page."""

    def __init__(self, custom_styles_directory: str | None = None, custom_views_directory: str | None = None):
        super().__init__(
            custom_styles_directory=custom_styles_directory, custom_views_directory=custom_views_directory
        )
        make_offline(self.env)


def _view(class_name: str) -> dict[str, str]:
    return {"module_name": __name__, "class_name": class_name}


def copy_vendored_assets(site_dir: Path) -> int:
    """Copy the vendored assets into ``site_dir/static/vendor`` (files already there and the same size are
    kept); returns how many files were copied."""
    copied = 0
    target_root = site_dir / "static" / "vendor"
    for source in sorted(VENDOR_DIR.rglob("*")):
        if not source.is_file():
            continue
        target = target_root / source.relative_to(VENDOR_DIR)
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied += 1
    return copied


class OfflineSiteBuilder(SiteBuilder):
    """GX's site builder with offline page views, copying the vendored assets into the site on each build.

    Needs a filesystem store backend (``TupleFilesystemStoreBackend`` with a ``base_directory``).
    """

    def __init__(
        self,
        data_context: Any,
        store_backend: dict[str, Any],
        site_index_builder: dict[str, Any] | None = None,
        site_section_builders: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if "base_directory" not in store_backend:
            raise ValueError(
                "OfflineSiteBuilder writes the vendored assets into a folder: give base_directory"
            )
        self.site_dir = Path(store_backend["base_directory"])
        sections = {name: dict(config) for name, config in (site_section_builders or {}).items()}
        for name in ("expectations", "validations", "profiling"):
            if sections.get(name, {}) is not None:
                sections[name] = {**sections.get(name, {}), "view": _view("OfflinePageView")}
        index = {"class_name": "DefaultSiteIndexBuilder", **(site_index_builder or {})}
        index["view"] = _view("OfflineIndexPageView")
        super().__init__(
            data_context,
            store_backend,
            site_index_builder=index,
            site_section_builders=sections,
            **kwargs,
        )

    def build(self, resource_identifiers: Any = None, build_index: bool = True) -> Any:
        result = super().build(resource_identifiers=resource_identifiers, build_index=build_index)
        copy_vendored_assets(self.site_dir)
        return result
