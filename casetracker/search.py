"""Search keys for names in any script and spelling.

"Серік Әжібай", "Serik Azhibai" and "serik azhibay" all become "serik azhibai": anyascii
transliterates every script (it knows the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І), then case,
accents and punctuation are dropped and the spellings that transliterations of Kazakh
names alternate between are merged (y/i, q/k, kh/h, w/v). The same function folds stored
names and queries, so a match on keys is a match across scripts, on SQLite and PostgreSQL.
"""

import re

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_EQUIVALENT_SPELLINGS = (("kh", "h"), ("q", "k"), ("y", "i"), ("w", "v"), ("j", "zh"))


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits separated by single spaces."""
    return _NOT_ALNUM.sub(" ", anyascii(text or "").lower()).strip()


def search_key(text: str) -> str:
    """fold() plus merging of spelling variants; stored beside every searchable name."""
    key = fold(text)
    for variant, canonical in _EQUIVALENT_SPELLINGS:
        key = key.replace(variant, canonical)
    return key
