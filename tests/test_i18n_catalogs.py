"""The Russian and Kazakh catalogs are complete (no message untranslated or fuzzy) and up to
date with the source (``makemessages`` on a copy of the tree finds the same messages)."""

import re
import shutil
import subprocess

import pytest

from tests.catalogs import LANGUAGES, catalog_path, read_catalog
from tests.figures import note

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext tools not installed"
)


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reader_counts_as_msgfmt_does(language):
    """The catalog reader the checks below use agrees with GNU msgfmt's own count."""
    path = catalog_path(language)
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    counted = {
        kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", stats)
    }
    entries = read_catalog(path)
    translated = [e for e in entries if e.translated and not e.fuzzy]
    fuzzy = [e for e in entries if e.fuzzy]
    assert counted.get("translated", 0) == len(translated)
    assert counted.get("fuzzy", 0) == len(fuzzy)
    assert counted.get("untranslated", 0) == len(entries) - len(translated) - len(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    entries = read_catalog(catalog_path(language))
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    note(
        f"catalog {language}: {len(entries)} messages, "
        f"{sum(e.translated and not e.fuzzy for e in entries)} translated, "
        f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
    )
    assert (untranslated, fuzzy) == ([], []), (
        f"{language}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy, "
        f"e.g. {(untranslated + fuzzy)[:5]}"
    )


@pytest.fixture(scope="module")
def extracted(extracted_catalog):
    """The messages ``makemessages`` finds in the source now."""
    return {e.key for e in read_catalog(extracted_catalog)}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogs_hold_the_messages_of_the_source(language, extracted):
    held = {e.key for e in read_catalog(catalog_path(language))}
    missing, stale = extracted - held, held - extracted
    assert (sorted(missing, key=str), sorted(stale, key=str)) == ([], []), (
        f"{language}: {len(missing)} messages of the source missing (run makemessages), "
        f"{len(stale)} no longer in the source"
    )
