"""Reads of sources and citations for the public site."""

from django.db.models import Prefetch

from sources.models import Citation, Source


def public_citations(lookup: str = "citations") -> Prefetch:
    """Prefetch a fact's public citations (with their sources) into ``public_citations``.

    ``lookup`` may traverse relations ("rulings__citations"); each level costs one query
    however many rows, so pages keep a constant number of queries.
    """
    return Prefetch(
        lookup,
        queryset=Citation.objects.public()
        .select_related("source")
        .order_by("source__published_start", "pk"),
        to_attr="public_citations",
    )


def public_sources():
    return Source.objects.public()
