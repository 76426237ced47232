"""Static files. Our own come from the package's static folder; the front-end packages from npm
(node_modules), of which only the files the pages use (settings.VENDOR_STATIC).

In production `goedwonen collectstatic` copies them under hashed names with a manifest and
compresses them (WhiteNoise); the server serves them from there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder, get_finders
from django.contrib.staticfiles.utils import get_files
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage, Storage, storages


class VendorFinder(BaseFinder):
    """The files of each npm package that match its patterns, under the package's prefix.

    Not whole `dist` folders: those hold megabytes of token files in other formats, and
    stylesheets that refer to files the packages leave out (utrecht's arrow icons, the licensed
    Rotterdam fonts), which the manifest cannot resolve. Debug mode finds exactly what
    production collects, so a page that asks for a file outside the patterns fails in
    development too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.packages: list[tuple[FileSystemStorage, tuple[str, ...]]] = []
        for prefix, root, patterns in settings.VENDOR_STATIC:
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]  # collectstatic's destination
            self.packages.append((storage, tuple(patterns)))

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            CheckWarning(
                f"{storage.location} ontbreekt: installeer de front-endpakketten met `npm ci`.",
                id="goedwonen.W001",
            )
            for storage, _ in self.packages
            if not os.path.isdir(storage.location)
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        matches = []
        for storage, patterns in self.packages:
            name = path.removeprefix(f"{storage.prefix}/")  # type: ignore[attr-defined]
            if name != path and _wanted(name, patterns) and storage.exists(name):
                if not find_all:
                    return storage.path(name)
                matches.append(storage.path(name))
        return matches

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        for storage, patterns in self.packages:
            if os.path.isdir(storage.location):
                for path in get_files(storage, ignore_patterns):
                    if _wanted(path, patterns):
                        yield path, storage


def _wanted(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage (hashed names, a manifest, compressed copies) that leaves
    references inside CSS comments alone. Django 5.2 resolves those too and refuses the whole
    collection when one points nowhere, as the Rotterdam tokens' commented-out
    `@import "./font"` does."""

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[re.Match[str]], str]:
        convert = super().url_converter(name, hashed_files, template)

        def converter(match: re.Match[str]) -> str:
            text, start = match.string, match.start()
            if name.endswith(".css") and text.rfind("/*", 0, start) > text.rfind("*/", 0, start):
                return match.group("matched")
            return convert(match)

        return converter


def static_manifest_missing() -> str | None:
    """Why static files cannot be served by their hashed names, or None when they can: the
    manifest is missing, or was collected before a file the code now has (an upgrade without
    `goedwonen collectstatic`)."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestStaticFilesStorage):
        return None  # debug mode: served from where the finders find them
    collect = "Voer `goedwonen collectstatic --noinput` uit (docs/deployment.md)."
    if storage.read_manifest() is None:
        return (
            f"De statische bestanden zijn niet verzameld: {settings.STATIC_ROOT} heeft geen "
            f"manifest. {collect}"
        )
    collected, _ = storage.load_manifest()
    ignore = apps.get_app_config("staticfiles").ignore_patterns  # type: ignore[attr-defined]
    names = {
        os.path.join(getattr(found_in, "prefix", None) or "", path)
        for finder in get_finders()
        for path, found_in in finder.list(ignore)
    }
    if missing := sorted(names - set(collected)):
        return (
            f"De verzamelde statische bestanden in {settings.STATIC_ROOT} zijn niet bij: "
            f"{len(missing)} ontbreken ({', '.join(missing[:3])}). {collect}"
        )
    return None
