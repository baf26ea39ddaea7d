"""Footnote marks (sources.templatetags.footnotes): a page writes hundreds of them but few
different ones, so each different set is drawn once per page and written again wherever
it recurs; marks that differ in their numbers or in their readings are drawn apart."""

import re

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test.signals import template_rendered
from django.utils.translation import override as translation_override

from sources.footnotes import Footnotes
from sources.selectors import PageCitation, PageSource, attach_public_citations
from tests.factories import CitationFactory, ProtestFactory, SourceFactory

pytestmark = pytest.mark.django_db

MARKS = "includes/footnote_marks.html"


def test_each_different_set_of_marks_is_drawn_once_and_written_wherever_it_recurs():
    first, second = SourceFactory(), SourceFactory()
    facts = [ProtestFactory() for _ in range(5)]
    for fact in facts[:3]:
        CitationFactory(fact=fact, source=first)
    # Cited by both sources, once as agreeing, once with values that differ in meaning.
    CitationFactory(fact=facts[3], source=first, reported_value="15 days")
    CitationFactory(fact=facts[3], source=second, reported_value="15 суток")
    CitationFactory(fact=facts[4], source=first, reported_value="15 days")
    CitationFactory(fact=facts[4], source=second, reported_value="10 days")
    attach_public_citations(facts)
    drawn = []

    def count(sender, template, context, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(count)
    try:
        html = Template(
            "{% load footnotes %}{% for fact in facts %}<p>{% footnotes fact %}</p>{% endfor %}"
        ).render(Context({"facts": facts, "footnotes": Footnotes()}))
    finally:
        template_rendered.disconnect(count)

    marks = re.findall(r"<p>(.*?)</p>", html)
    assert marks[0] == marks[1] == marks[2]
    assert re.findall(r'href="#(ref-\d+)"', marks[0]) == ["ref-1"]
    assert re.findall(r'href="#(ref-\d+)"', marks[3]) == ["ref-1", "ref-2"]
    assert "Sources disagree" not in marks[3]
    # The same two numbers, but read apart: each reading with its own source.
    assert "Sources disagree" in marks[4]
    assert re.findall(r'href="#(ref-\d+)"', marks[4]) == ["ref-1", "ref-2"]
    assert "15 days" in marks[4] and "10 days" in marks[4]
    assert drawn.count(MARKS) == 3


def test_a_fact_without_public_citations_writes_and_draws_no_marks():
    fact = ProtestFactory()
    attach_public_citations([fact])
    drawn = []

    def count(sender, template, context, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(count)
    try:
        html = Template("{% load footnotes %}[{% footnotes fact %}]").render(
            Context({"fact": fact, "footnotes": Footnotes()})
        )
    finally:
        template_rendered.disconnect(count)

    assert html == "[]"
    assert MARKS not in drawn


@pytest.mark.parametrize(
    "language, withheld, translation, archived",
    [
        ("en", "(quote withheld to protect a person at risk)", "Translation:", "archived copy"),
        ("ru", "(цитата скрыта", "Перевод:", "архивная копия"),
    ],
)
def test_the_references_say_a_withheld_quote_is_withheld_and_give_the_others_translated(
    language, withheld, translation, archived
):
    """The words every reference repeats are translated once for the list: each still
    reads in the reader's language, where it belongs."""
    source = PageSource(
        pk=7,
        url="https://www.azattyq.org/a/1.html",
        outlet="Azattyq",
        headline="Picket in Almaty",
        published="2020-08-03",
        archive_url="https://web.archive.org/web/1/https://www.azattyq.org/a/1.html",
    )
    quoted = {"reported_value": "", "source": source}
    shown = PageCitation(
        field="",
        quote="пикет у консульства",
        translation="a picket at the consulate",
        locator="p. 2",
        withheld=False,
        **quoted,
    )
    hidden = PageCitation(
        field="name", quote="", translation="", locator="", withheld=True, **quoted
    )
    footnotes = Footnotes()
    footnotes.reference(shown)
    footnotes.reference(hidden)

    with translation_override(language):
        html = get_template("includes/references.html").render({"footnotes": footnotes})

    item = html.split('<li id="ref-1">')[1].split("</li>")[0]
    assert f'<p class="quote-withheld">{withheld}' in item
    assert "<blockquote" in item and "пикет у консульства" in item
    assert f'<p class="translation">{translation} a picket at the consulate</p>' in item
    assert f">{archived}</a>" in item
    assert item.count("<blockquote") == 1
