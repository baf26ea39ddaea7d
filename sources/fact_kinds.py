"""How a source's page ("everything this source supports") fetches, labels and links each
kind of record a source can be cited for.

The app that owns a kind of record says how it is shown: it registers a ``FactKind`` for
each of its citable models from its ``AppConfig.ready()`` (places/fact_kinds.py,
people/fact_kinds.py, events/fact_kinds.py). The sources app imports none of the apps
whose records cite its sources: an app imports a lower one, never in a loop. The page
groups the facts in the order the kinds were registered: the apps in INSTALLED_APPS order,
each app's kinds in the order of its list.

A citable model (one with a ``citations`` relation to ``sources.Citation``) that no app
registered would be left off a page that says it lists everything: the system check
``sources.E001`` names it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core import checks
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FactKind:
    """How the source page fetches, labels and links one kind of cited record."""

    model: type[models.Model]
    heading: str
    select_related: tuple[str, ...] = ()
    label: Callable[[Any], str] = str
    url: Callable[[Any], str] | None = None

    def queryset(self, ids):
        # public() is the whole rule: a child of a hidden parent, or a name, relative or
        # affiliation of a protected person, is not public.
        return self.model.objects.public().filter(pk__in=ids).select_related(*self.select_related)

    def href(self, obj) -> str:
        return self.url(obj) if self.url else obj.get_absolute_url()


def names_kind(model, heading, owner: str, shown=attrgetter("name")) -> FactKind:
    """A kind of record that is another spelling of its ``owner``'s name ("Алматы (a name of
    Almaty)"), linked to the owner's page; ``shown``: the owner's name as the public sees it."""
    return FactKind(
        model,
        heading,
        select_related=(owner,),
        label=lambda name: (
            _("%(name)s (a name of %(owner)s)")
            % {"name": name.name, "owner": shown(getattr(name, owner))}
        ),
        url=lambda name: getattr(name, owner).get_absolute_url(),
    )


_registered: dict[type[models.Model], FactKind] = {}


def register(*kinds: FactKind) -> None:
    """Show these kinds of record on the source pages, after those registered before."""
    for kind in kinds:
        _registered[kind.model] = kind


def registered() -> list[FactKind]:
    """Every registered kind, in the order of registration."""
    return list(_registered.values())


def citable_models() -> list[type[models.Model]]:
    """The models whose records a source can be cited for: those with a generic relation to
    Citation."""
    citation = apps.get_model("sources", "Citation")
    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(field, GenericRelation) and field.related_model is citation
            for field in model._meta.private_fields
        )
    ]


@checks.register()
def check_every_citable_model_is_shown(app_configs=None, **kwargs) -> list[checks.Error]:
    """A citable model with no FactKind would be missing from the source pages."""
    return [
        checks.Error(
            f"{model._meta.label} can be cited, but no app registered how a source's page "
            "shows it.",
            hint="Register a sources.fact_kinds.FactKind for it in its app's ready().",
            obj=model,
            id="sources.E001",
        )
        for model in citable_models()
        if model not in _registered
    ]
