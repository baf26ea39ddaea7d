"""How public pages write citations and links (sources.templatetags.casetracker)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from events.models import Sentence
from people.models import Person
from sources.selectors import attach_public_citations, public_citation_queryset
from sources.templatetags.casetracker import page_url
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    ProceedingFactory,
    ProtestFactory,
    SentenceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def render(text, **context):
    return Template("{% load casetracker %}" + text).render(Context(context))


def test_page_url_is_the_records_own_absolute_url():
    proceeding = ProceedingFactory()
    records = [
        proceeding.person,
        CourtFactory(),
        ProtestFactory(),
        proceeding,
        SourceFactory(),
    ]
    for record in records:
        assert page_url(record) == record.get_absolute_url()


def test_page_url_follows_the_script_prefix():
    person = PersonFactory()
    try:
        set_script_prefix("/casetracker/")
        assert page_url(person) == f"/casetracker/people/{person.pk}/"
        assert page_url(person) == person.get_absolute_url()
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("first", ["ru", "en"])
def test_page_url_is_in_the_readers_language_whichever_was_read_first(first):
    """A page read in Russian first does not send later English readers to /ru/ pages."""
    person = PersonFactory()
    for language in [first, *(other for other in ["en", "ru", "kk"] if other != first)]:
        with translation.override(language):
            assert page_url(person) == person.get_absolute_url(), language
    with translation.override("ru"):
        assert page_url(person) == f"/ru/people/{person.pk}/"
    with translation.override("en"):
        assert page_url(person) == f"/people/{person.pk}/"


def test_cite_several_fields_shows_each_fields_citations_in_order():
    person = PersonFactory()
    CitationFactory(fact=person, field="", source__outlet="Whole record outlet")
    CitationFactory(fact=person, field="locality", source__outlet="Locality outlet")
    CitationFactory(fact=person, field="ethnicity", source__outlet="Ethnicity outlet")
    attach_public_citations([person])

    html = render('{% cite person "" "locality" %}', person=person)

    assert html.index("Whole record outlet") < html.index("Locality outlet")
    assert "Ethnicity outlet" not in html
    assert render("{% cite person %}", person=person).count('class="citation"') == 1


def test_citations_escape_what_researchers_typed():
    person = PersonFactory()
    CitationFactory(
        fact=person,
        quote="<script>alert(1)</script>",
        source__headline="<b>bold</b>",
        source__url="https://example.org/?a=1&b=2",
    )
    attach_public_citations([person])

    html = render("{% cite person %}", person=person)

    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html


def test_citations_of_a_protected_persons_sentence_withhold_the_quote():
    person = PersonFactory(is_protected=True, pseudonym="A. N.", protection_reason="At risk")
    sentence = SentenceFactory(ruling__proceeding__person=person)
    CitationFactory(fact=sentence, quote="names the person at risk")
    attach_public_citations([sentence])

    html = render("{% cite sentence %}", sentence=sentence)

    assert "names the person at risk" not in html
    assert "quote withheld to protect a person at risk" in html


def test_citation_query_for_some_kinds_never_reads_other_kinds():
    person = PersonFactory(is_protected=True, pseudonym="A. N.", protection_reason="At risk")
    CitationFactory(fact=person, quote="about the person")
    sentence = SentenceFactory()
    CitationFactory(fact=sentence, quote="about the sentence")

    quotes = {citation.quote for citation in public_citation_queryset([Sentence])}
    assert "about the person" not in quotes
    assert "about the sentence" in quotes
    # Every kind: the person's citation is read, and withheld.
    withheld = {c.quote: c.withheld for c in public_citation_queryset()}
    assert withheld["about the person"] is True
    assert withheld["about the sentence"] is False
    assert {c.quote for c in public_citation_queryset([Person])} == {"about the person"}


@override_settings(DEBUG=False)
def test_choice_label_reads_like_get_display():
    sentence = SentenceFactory()
    assert render('{{ s|choice_label:"kind" }}', s=sentence) == sentence.get_kind_display()
    assert render('{{ s|choice_label:"status" }}', s=sentence) == sentence.get_status_display()
