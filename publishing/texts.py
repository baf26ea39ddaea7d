"""A record's own texts in the reader's language.

Researchers write a record's title, summary and description in one language, the records
language (``CASETRACKER_RECORDS_LANGUAGE``, English by default). A text may also carry a
version in each of the other interface languages (``summary_ru``, ``summary_kk``), made by
``versions_of``. A reader sees the version in their language when there is one, else the
original, marked with its own language (``Text.lang``) so that the page says which of its
parts are in another language (WCAG 3.1.2, Language of Parts) and a screen reader reads
them in that language. Names are not translated: they are recorded in every script.
"""

from functools import cache

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

# The interface languages a text may have a version in, besides the records language.
VERSION_LANGUAGES = ("ru", "kk")


def records_language() -> str:
    return settings.CASETRACKER_RECORDS_LANGUAGE


@checks.register(checks.Tags.translation)
def check_records_language(app_configs=None, **kwargs) -> list[checks.Error]:
    """The records language must be one the site is served in."""
    if records_language() in dict(settings.LANGUAGES):
        return []
    return [
        checks.Error(
            f"CASETRACKER_RECORDS_LANGUAGE {records_language()!r} is not one of LANGUAGES.",
            id="casetracker.E001",
        )
    ]


def versions_of(name: str, verbose_name, field_class=models.TextField, **kwargs) -> tuple:
    """The fields holding the versions of the text field ``name``, one per
    VERSION_LANGUAGES, in that order: ``summary_ru, summary_kk = versions_of("summary", …)``."""
    language_names = dict(settings.LANGUAGES)
    return tuple(
        field_class(
            blank=True,
            verbose_name=format_lazy("{} ({})", verbose_name, language_names[language]),
            help_text=_(
                "The text in this language, for readers of the site in it. Left empty, they "
                "see the original, marked as written in another language."
            ),
            **kwargs,
        )
        for language in VERSION_LANGUAGES
    )


@cache
def has_versions(model, name: str) -> bool:
    """Whether ``model``'s text ``name`` has versions in the other languages (versions_of):
    asked of every field of every admin form, and the same answer each time."""
    fields = {field.name for field in model._meta.get_fields()}
    return all(f"{name}_{language}" in fields for language in VERSION_LANGUAGES)


def with_versions(*names: str) -> tuple[str, ...]:
    """``names`` and their versions' fields, for a query's ``.only()``: what
    ``in_reader_language`` reads. A field left out is loaded by a query of its own per row,
    on every page in a language of VERSION_LANGUAGES."""
    return (*names, *(f"{name}_{language}" for name in names for language in VERSION_LANGUAGES))


class Text(str):
    """A text as the reader sees it; ``lang`` is the language it is written in when that is
    not the reader's (None when it is)."""

    lang: str | None = None

    def __new__(cls, value: str, lang: str | None = None):
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    @property
    def language_name(self) -> str:
        return get_language_info(self.lang)["name_translated"] if self.lang else ""


def in_reader_language(record, name: str, language: str | None = None) -> Text:
    """``record.<name>`` in the active language: its version when there is one, else the
    original, marked with the records language when that differs from the reader's."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    original = records_language()
    if language == original:
        return Text(getattr(record, name))
    version = getattr(record, f"{name}_{language}", "") if language in VERSION_LANGUAGES else ""
    if version:
        return Text(version)
    text = getattr(record, name)
    return Text(text, lang=original if text else None)


def content_language(request=None) -> dict:
    """``content_lang`` for the templates: the records language when the page is in another
    (record content such as names and quoted penalties is marked with it), else ""."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    original = records_language()
    return {"content_lang": "" if language == original else original}
