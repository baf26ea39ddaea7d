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
- y/i (Ы, Й, "Tolkyn", "Tolkin"), q/k (Қ), kh/h (Х), gh/g (Ғ: "Ғалым", "Galym"), j/zh, w/v;
  Ң is "n", as passports and most English spellings write it ("Мыңбай", "Mynbay"; anyascii
  writes "ng", but merging ng/n in every word would make "Zhang" part of every "-zhan");
- a doubled letter is one ("Assel", "Asel"; "Kaliyev" as "kaliiev", "Калиев");
- "ye" at the start of a word is "e" ("Yerzhan", "Ержан"), and "e" after a, o or u is
  "ie", as "ye" is written there ("Azhibayev", "Ажибаев"): "Azhibay" is part of both, as
  "erik" is part of "Serik".

Stored keys are computed by this function (casetracker.fields.SearchKeyField): a change to
it needs a migration that computes them again (people 0019, places 0003).
"""

import re

from anyascii import anyascii

_BEFORE_ANYASCII = str.maketrans({"Ң": "Н", "ң": "н"})
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
)
_DOUBLED_LETTER = re.compile(r"([a-z])\1+")
# Е where English writes "Ye" ("ie" by now: y/i): at the start of a word it is "e", as a
# word typed from its middle ("erik") starts; after a, o or u it is "ie" (not after i:
# "Kaliyev" is "kaliev" once its doubled i is one, as "Калиев" is).
_YE_AT_START = re.compile(r"(?:^|(?<= ))ie")
_E_AFTER_VOWEL = re.compile(r"(?<=[aou])e")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, words separated by single spaces."""
    text = anyascii((text or "").translate(_BEFORE_ANYASCII)).lower()
    text = _JOINING_MARKS.sub("", text)
    return _NOT_ALNUM.sub(" ", text).strip()


def search_key(text: str) -> str:
    """fold() plus merging of spelling variants; stored beside every searchable name."""
    key = fold(text)
    for variant, canonical in _EQUIVALENT_SPELLINGS:
        key = key.replace(variant, canonical)
    key = _DOUBLED_LETTER.sub(r"\1", key)
    key = _YE_AT_START.sub("e", key)
    return _E_AFTER_VOWEL.sub("ie", key)
