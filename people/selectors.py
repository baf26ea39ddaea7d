"""Reads of people and organizations for the public site: name search in any script."""

from django.db.models import Q

from casetracker.search import search_key
from people.models import Person, PersonName

MAX_QUERY_LENGTH = 200


def query_tokens(query: str) -> list[str]:
    """The search key of a query, split into words; every word must match."""
    return search_key((query or "")[:MAX_QUERY_LENGTH]).split()


def _all_tokens(field: str, tokens: list[str]) -> Q:
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{field}__contains": token})
    return condition


def person_ids_matching(query: str):
    """Ids of public people any of whose public names matches ``query`` (a subquery).

    Case-, accent- and script-insensitive on every database: "Ажибай" and "azhibai" both
    find Serik Azhibay, through the folded search keys stored beside every name.
    """
    tokens = query_tokens(query)
    if not tokens:
        return Person.objects.none().values("pk")
    by_name = PersonName.objects.public().filter(_all_tokens("search_key", tokens))
    return (
        Person.objects.public()
        .filter(_all_tokens("search_key", tokens) | Q(pk__in=by_name.values("person_id")))
        .values("pk")
    )
