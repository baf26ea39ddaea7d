"""Search keys for names in any script and spelling.

"Серік Әжібай", "Serik Azhibai" and "serik azhibay" all become "serik azhibai": anyascii
transliterates every script (it knows the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І), then case,
accents and punctuation are dropped and the spellings that transliterations of Kazakh
names alternate between are merged. The same function folds stored names and queries, so
a match on keys is a match across scripts, on SQLite and PostgreSQL.

What is merged, each for the way a Kazakh or Russian name is written in English, in a
passport or by anyascii:

- a soft or hard sign (Ь, Ъ) or an apostrophe joins the letters around it: "Гульбаран",
  "Ильяс", "Асель" are one word, as "Gulbaran", "Ilyas", "Asel" are;
- y/i (Ы, Й, "Tolkyn", "Tolkin"), q/k (Қ), kh/h (Х), gh/g (Ғ: "Ғалым", "Galym"), ng/n
  (Ң: "Мыңбай", "Mynbay"), j/zh, w/v;
- a doubled letter is one ("Assel", "Asel"; "Kaliyev" as "kaliiev", "Калиев");
- "e" at the start of a word or after a, o or u is "ie", as Е is written there in English
  ("Yerzhan", "Ержан"; "Azhibayev", "Ажибаев"): "Azhibay" is then part of "Azhibayev"
  in either script.

Stored keys are computed by this function (casetracker.fields.SearchKeyField): a change to
it needs a migration that computes them again (people 0019, places 0003).
"""

import re

from anyascii import anyascii

# After anyascii: Ь and Ъ become ' and ", as an apostrophe in a Latin name stays ' or `.
_JOINING_MARKS = re.compile(r"['\"`]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_EQUIVALENT_SPELLINGS = (
    ("kh", "h"),
    ("gh", "g"),
    ("q", "k"),
    ("y", "i"),
    ("w", "v"),
    ("j", "zh"),
    ("ng", "n"),
)
_DOUBLED_LETTER = re.compile(r"([a-z])\1+")
# Е where English writes "Ye" ("ie" by now: y/i). Not after i: "Kaliyev" is "kaliev" once
# its doubled i is one, as "Калиев" is.
_YE = re.compile(r"(?:^|(?<=[ aou]))e")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, words separated by single spaces."""
    text = _JOINING_MARKS.sub("", anyascii(text or "").lower())
    return _NOT_ALNUM.sub(" ", text).strip()


def search_key(text: str) -> str:
    """fold() plus merging of spelling variants; stored beside every searchable name."""
    key = fold(text)
    for variant, canonical in _EQUIVALENT_SPELLINGS:
        key = key.replace(variant, canonical)
    key = _DOUBLED_LETTER.sub(r"\1", key)
    return _YE.sub("ie", key)
