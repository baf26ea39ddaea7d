"""Model fields shared by the apps: columns computed from another column of the same row."""

from django.db import models

from casetracker.search import search_key


class DerivedValue:
    """Attribute of a derived column: always computed from its source attribute.

    Assignments (from the database, a fixture or a default) are kept but never win, so a
    derived column cannot drift from its source on any path that writes a row: forms,
    services, bulk_create and loaddata all read the attribute through this descriptor.
    """

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.field.compute(instance)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class DerivedFieldMixin:
    """A non-editable column computed by ``compute(instance)`` from the ``source`` attribute."""

    descriptor_class = DerivedValue

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs["editable"] = False
        kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def compute(self, instance):
        raise NotImplementedError


class SearchKeyField(DerivedFieldMixin, models.CharField):
    """Script- and spelling-folded form of a name, for search (see casetracker.search)."""

    def compute(self, instance):
        return search_key(getattr(instance, self.source) or "")
