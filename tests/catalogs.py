"""Reading the gettext catalogs (locale/<language>/LC_MESSAGES/django.po) for the tests:
which messages they hold, which are untranslated or fuzzy."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ru", "kk")


def catalog_path(language: str, root: Path = ROOT) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


# What a copy of the tree for makemessages leaves out: what holds no interface string, and
# the catalogs themselves (the copy's catalog is made fresh; locale_packages/, other packages'
# messages, is never makemessages' to touch).
NOT_COPIED = (
    ".venv",
    "node_modules",
    "tests",
    "migrations",
    ".git",
    "static",
    "locale",
    "locale_packages",
    "bench",
)


def extract_catalog(destination: Path) -> Path:
    """The Russian catalog ``makemessages`` makes of the source as it is now, on a copy of
    the tree under ``destination`` (the tree itself is left untouched)."""
    copy = destination / "project"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED, "*.sqlite3", "__pycache__")
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "casetracker.settings.test"},
    )
    return catalog_path("ru", copy)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs)


def read_catalog(path: Path) -> list[Entry]:
    """The catalog's messages, the header (msgid "") left out."""
    entries, entry, last = [], Entry(), None

    def finish():
        nonlocal entry, last
        if entry.msgid or entry.msgstrs:
            entries.append(entry)
        entry, last = Entry(), None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if last is not None:
                finish()
            entry.fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            if keyword == "msgctxt" and last is not None and last.startswith("msgstr"):
                finish()
            last = keyword
            if keyword.startswith("msgstr"):
                entry.msgstrs.append("")
        if last == "msgid":
            entry.msgid += text
        elif last == "msgid_plural":
            entry.msgid_plural += text
        elif last == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif last and last.startswith("msgstr"):
            entry.msgstrs[-1] += text
    finish()
    return [e for e in entries if e.msgid and not e.obsolete]
