"""Atom feeds (django.contrib.syndication): a filtered case list, a person, a court (any
organization) and a protest. What each lists is read in feeds.selectors, through the
publishing gate; the entries' text is rendered by templates/feeds/entry.html.

A Feed instance serves every request: all that a request decides lives in the object
``get_object`` returns and in its entries, never on the instance.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from events.filters import CaseFilter
from events.models import Proceeding, Protest, Sentence
from events.selectors import public_sentences
from feeds import selectors
from feeds.selectors import Entry
from people.models import Organization, Person
from publishing import rules


class RecordFeed(Feed):
    """Entries are feeds.selectors.Entry, each linking to the page it is shown on."""

    feed_type = Atom1Feed
    description_template = "feeds/entry.html"
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer writes each element as a piece of its own (1,231 for fifty
        # entries), and a server sends each piece in a write of its own: 8 ms of small
        # writes for 24 KB under gunicorn. The body as one piece is sent at once.
        response.content = response.content
        return response

    def items(self, obj):
        return obj["entries"]

    def link(self, obj):
        return obj["page"]

    def item_title(self, entry: Entry):
        return entry.heading

    def item_link(self, entry: Entry):
        return entry.link

    def item_guid(self, entry: Entry):
        return entry.guid

    def item_updateddate(self, entry: Entry):
        return entry.updated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = kwargs["item"]
        return context


class CaseListFeed(RecordFeed):
    """The case list with the page's own filters (the same FilterSet): the sentences it
    lists, newest change first, and tombstones of retracted ones the filters match."""

    def __call__(self, request, *args, **kwargs):
        filterset = CaseFilter(request.GET or None, queryset=public_sentences(), request=request)
        if filterset.is_bound and not filterset.is_valid():
            message = gettext(
                "The feed was not produced: some filters need correcting. "
                "Correct them on the case list and follow its feed link again."
            )
            return HttpResponse(
                "\n".join([message, *filterset.error_lines()]) + "\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        query = request.GET.urlencode()
        page = request.build_absolute_uri(
            reverse("events:case_list") + (f"?{query}" if query else "")
        )
        data = request.GET or None
        listed = CaseFilter(data, queryset=public_sentences(), request=request).qs
        found = [
            Entry(
                sentence,
                self.sentence_title(sentence),
                sentence.changed_at,
                link=request.build_absolute_uri(sentence.proceeding.get_absolute_url()),
            )
            for sentence in selectors.newest_changes(listed)
        ]
        gone = CaseFilter(data, queryset=selectors.tombstoned(Sentence), request=request).qs
        found += [
            Entry(sentence, "", sentence.changed_at, retracted=True, link=page)
            for sentence in selectors.with_retraction_date(gone)[: selectors.FEED_LENGTH]
        ]
        return {"entries": selectors.newest(found), "page": page, "query": query}

    @staticmethod
    def sentence_title(sentence) -> str:
        person = sentence.proceeding.person
        who = rules.public_name(person) if person is not None else gettext("Unnamed defendants")
        return f"{who}: {sentence}"

    def title(self, obj):
        if obj["query"]:
            return gettext("Casetracker: cases (%(query)s)") % {"query": obj["query"]}
        return gettext("Casetracker: cases")

    def subtitle(self, obj):
        return gettext("New and changed sentences of the case list, newest first.")


class SubjectFeed(RecordFeed):
    """New and changed public facts about one record, and tombstones of retracted ones.
    Every entry links to the subject's page, or to the record's own page when it has one."""

    model = None
    scope: dict = {}

    def get_object(self, request, pk):
        subject = get_object_or_404(self.model.objects.public(), pk=pk)
        page = request.build_absolute_uri(subject.get_absolute_url())
        found = selectors.entries(self.scope, subject)
        for entry in found:
            own_page = type(entry.record) in OWN_PAGES and not entry.retracted
            entry.link = (
                request.build_absolute_uri(entry.record.get_absolute_url()) if own_page else page
            )
        return {"subject": subject, "entries": found, "page": page}

    def title(self, obj):
        return f"Casetracker: {self.name_of(obj['subject'])}"

    def subtitle(self, obj):
        return gettext("New and changed public facts about %(name)s, newest first.") % {
            "name": self.name_of(obj["subject"])
        }

    def name_of(self, subject) -> str:
        raise NotImplementedError


# Records with a page of their own (a retracted one answers 410: its tombstone links to
# the subject's page instead).
OWN_PAGES = (Person, Organization, Protest, Proceeding)


class PersonFeed(SubjectFeed):
    model = Person
    scope = selectors.PERSON_SCOPE

    def name_of(self, subject) -> str:
        return rules.public_name(subject)


class OrganizationFeed(SubjectFeed):
    model = Organization
    scope = selectors.ORGANIZATION_SCOPE

    def name_of(self, subject) -> str:
        return subject.name


class ProtestFeed(SubjectFeed):
    model = Protest
    scope = selectors.PROTEST_SCOPE

    def name_of(self, subject) -> str:
        return subject.title
