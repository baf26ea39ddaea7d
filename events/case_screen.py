"""The case screen: one admin page where a researcher enters or edits a whole case.

A case is one person and one proceeding: the person's spellings and protest participations,
the proceeding's charges, pre-trial measures, hearings, rulings and sentences (each under
the ruling chosen among the rulings on the same screen, saved or not), and a sources panel
where one source (picked, or entered once) and one verbatim quote back any number of the
facts and fields on the screen, ticked from a menu in words.

Built from Django's model forms and inline formsets; ``events.services.save_case`` writes
everything in one transaction. Rows come back in the order they were entered (by id), so a
row's position is its key: "Ruling 2" on the page is ``rulings-1`` in the form, and the
sources panel and the sentences name records by it, new ones included.
"""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import (
    BaseInlineFormSet,
    InlineForeignKeyField,
    fields_for_model,
    inlineformset_factory,
)
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from casetracker.admin_input import (
    CheckedAutocompleteSelect,
    CheckedAutocompleteSelectMultiple,
    CheckedModelMultipleChoiceField,
    could_be_key,
    typed_formfield,
)
from casetracker.admin_pickers import PickerMixin, date_words, joined
from casetracker.search import search_key
from casetracker.widgets import CheckboxSelectMultiple, Select
from people.models import Person, PersonName
from publishing import rules
from publishing.admin import (
    LockedRowsFormSetMixin,
    OriginalLanguageMixin,
    VisibleErrorsMixin,
    _stored_status,
    changes_since,
    latest_version,
)
from publishing.services import LOCKED_STATUSES, can_publish
from sources.models import Citation, Source, is_citable

from .models import (
    Charge,
    Hearing,
    Participation,
    PretrialMeasure,
    Proceeding,
    Ruling,
    Sentence,
)

# Every kind of record the screen writes: a user needs to add and change all of them.
CASE_MODELS = (
    Person,
    PersonName,
    Participation,
    Proceeding,
    Charge,
    PretrialMeasure,
    Hearing,
    Ruling,
    Sentence,
    Source,
    Citation,
)

PERSON_FIELDS = [
    "preferred_name",
    "citizenship",
    "ethnicity",
    "birth_date",
    "locality",
    "residence",
    "description",
    "is_protected",
    "pseudonym",
    "protection_reason",
]
PROCEEDING_FIELDS = [
    "kind",
    "country",
    "court",
    "court_as_reported",
    "case_number",
    "opened",
    "protests",
    "unnamed_defendants",
    "unnamed_defendants_precision",
    "summary",
]
NEW_SOURCE_FIELDS = ["url", "outlet", "headline", "published", "language"]


class KnownLabelsMixin:
    """For an admin picker: the chosen records' labels were read once for the whole screen
    (``known``), not once per row, so the page's queries do not grow with its rows."""

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        if self.known is None:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in value:
            if str(key) in self.known:
                options.append(
                    self.create_option(name, key, self.known[str(key)], True, len(options))
                )
        return [(None, options, 0)]


class PickerSelect(KnownLabelsMixin, CheckedAutocompleteSelect):
    pass


class PickerSelectMultiple(KnownLabelsMixin, CheckedAutocompleteSelectMultiple):
    pass


def picker_formfield(db_field, admin_site, **kwargs):
    """The model field's form field with an admin picker that labels records as the
    target's admin does (casetracker.admin_pickers)."""
    multiple = db_field.many_to_many
    widget = (PickerSelectMultiple if multiple else PickerSelect)(db_field, admin_site)
    if multiple:
        kwargs["form_class"] = CheckedModelMultipleChoiceField
    formfield = db_field.formfield(widget=widget, **kwargs)
    target = admin_site.get_model_admin(db_field.remote_field.model)
    if isinstance(target, PickerMixin):
        formfield.queryset = target.picker_queryset(formfield.queryset)
        formfield.label_from_instance = target.picker_label
    return formfield


class StaleCheckMixin:
    """For the screen's person and proceeding: the version it was opened at travels with
    the page; saving over someone else's later save is refused at the form."""

    def add_version_field(self):
        self.fields["opened_version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk is not None:
            self.initial["opened_version"] = latest_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        current = latest_version(self.instance)
        opened = cleaned.get("opened_version", "")
        if opened != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = current
            stale = [
                ValidationError(
                    _(
                        "Someone else saved “%(record)s” after you opened this page. Your "
                        "values are kept below; check them against the record's history "
                        "and save again."
                    ),
                    params={"record": self.instance},
                    code="stale",
                )
            ]
            # What they changed, and who: the admin's own change page says it too.
            who, changes = changes_since(self.instance, opened, current)
            if changes:
                stale.append(
                    ValidationError(
                        _("Changed since you opened it: %(changes)s."),
                        params={"changes": "; ".join(changes)},
                        code="stale",
                    )
                )
            if who:
                stale.append(
                    ValidationError(_("Saved by %(who)s."), params={"who": who}, code="stale")
                )
            raise ValidationError(stale)
        return cleaned


class LockedMainFormMixin:
    """A researcher cannot change a published or retracted person or proceeding here:
    its own page takes her change as a revision for an editor."""

    may_publish = True

    def clean(self):
        cleaned = super().clean()
        if (
            not self.may_publish
            and self.instance.pk is not None
            and _stored_status(self.instance) in LOCKED_STATUSES
            and [name for name in self.changed_data if name != "opened_version"]
        ):
            raise ValidationError(
                _(
                    "“%(record)s” is published: an editor must approve changes to it. Open "
                    "its own page to propose the change."
                ),
                params={"record": self.instance},
                code="locked",
            )
        return cleaned


# How many people already recorded under the typed name the screen lists.
SAME_NAME_SHOWN = 10


class PersonForm(
    StaleCheckMixin, LockedMainFormMixin, OriginalLanguageMixin, VisibleErrorsMixin, forms.ModelForm
):
    """The case's person. A new one whose name is already recorded (any spelling of it
    that folds alike: "Yerlan Dauletov", "Ерлан Даулетов") is refused until the researcher
    says it is someone else: entering a case twice, unsure the first save went through,
    recorded the person twice. ``same_name`` lists those people, to open theirs instead."""

    different_person = forms.BooleanField(
        label=_("A different person from those already recorded under this name"),
        required=False,
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        formfield_callback = typed_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.same_name = []
        if self.instance.pk is not None:
            del self.fields["different_person"]
        elif not self["different_person"].value():
            # Offered only once a name is found recorded (clean): until then, carried along.
            self.fields["different_person"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("preferred_name")
        if self.instance.pk is not None or not name or cleaned.get("different_person"):
            return cleaned
        key = search_key(name)
        spelled = PersonName._base_manager.filter(search_key=key).values("person_id")
        self.same_name = list(
            Person._base_manager.filter(Q(search_key=key) | Q(pk__in=spelled)).order_by("pk")[
                :SAME_NAME_SHOWN
            ]
        )
        if self.same_name:
            self.fields["different_person"].widget = forms.CheckboxInput()
            self.add_error(
                "preferred_name",
                ValidationError(
                    _(
                        "Someone of this name is already recorded (listed below). To add "
                        "this case to them, open their case screen; to record someone else, "
                        "tick “A different person” and save again."
                    ),
                    code="same_name",
                ),
            )
        return cleaned


class ProceedingForm(
    StaleCheckMixin, LockedMainFormMixin, OriginalLanguageMixin, VisibleErrorsMixin, forms.ModelForm
):
    class Meta:
        model = Proceeding
        fields = PROCEEDING_FIELDS
        formfield_callback = typed_formfield

    def add_error(self, field, error):
        # The defendant is the screen's person, saved just before the proceeding (the
        # service checks the proceeding again then): "choose the defendant" is moot here.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error.error_dict.pop("person", None)
            if not error.error_dict:
                return
        super().add_error(field, error)


class RowForm(OriginalLanguageMixin, VisibleErrorsMixin, forms.ModelForm):
    pass


class SentenceForm(RowForm):
    """A sentence names its ruling by the ruling's row on the same screen."""

    ruling_key = forms.ChoiceField(label=_("Ruling"), required=False, widget=Select)

    def add_error(self, field, error):
        # The model calls the field "ruling"; on this screen it is the ruling_key menu.
        if field == "ruling":
            field = "ruling_key"
        elif isinstance(error, ValidationError) and "ruling" in getattr(error, "error_dict", {}):
            error.error_dict["ruling_key"] = error.error_dict.pop("ruling")
        super().add_error(field, error)


class CaseRowFormSet(LockedRowsFormSetMixin, BaseInlineFormSet):
    """Rows in the order they were entered, each keyed by its position."""

    noun = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", self.model._default_manager.order_by("pk"))
        super().__init__(*args, **kwargs)


def _row_formset(parent, model, form, fields, extra, noun):
    formset = inlineformset_factory(
        parent, model, form=form, formset=CaseRowFormSet, fields=fields, extra=extra,
        can_delete=False, formfield_callback=typed_formfield,
    )  # fmt: skip
    formset.noun = noun
    return formset


# prefix -> (formset class, parent: "person" or "proceeding", summary of a row)
ROWS = {
    "names": (
        _row_formset(Person, PersonName, RowForm, ["name", "script", "origin", "note"], 2,
                     _("Spelling")),
        "person",
        lambda r: r.name,
    ),
    "participations": (
        _row_formset(Person, Participation, RowForm, ["protest", "role"], 1,
                     _("Protest participation")),
        "person",
        lambda r: r.get_role_display() if r.protest_id else "",
    ),
    "charges": (
        _row_formset(Proceeding, Charge, RowForm, ["code", "article", "as_reported"], 2,
                     _("Charge")),
        "proceeding",
        lambda r: r.as_reported or r.article,
    ),
    "measures": (
        _row_formset(
            Proceeding, PretrialMeasure, RowForm,
            ["kind", "start", "end", "as_reported", "circumstance", "place_as_reported"], 1,
            _("Pre-trial measure"),
        ),
        "proceeding",
        lambda r: joined(r.get_kind_display() if r.kind else "", date_words(r.start)),
    ),
    "hearings": (
        _row_formset(
            Proceeding, Hearing, RowForm,
            ["kind", "date", "court", "court_as_reported", "closed_to_public", "note"], 1,
            _("Hearing"),
        ),
        "proceeding",
        lambda r: joined(r.get_kind_display() if r.kind else "", date_words(r.date)),
    ),
    "rulings": (
        _row_formset(
            Proceeding, Ruling, RowForm,
            ["date", "court_instance", "plea", "outcome", "court", "court_as_reported",
             "summary"], 1,
            _("Ruling"),
        ),
        "proceeding",
        lambda r: joined(date_words(r.date), r.get_outcome_display() if r.outcome else ""),
    ),
    "sentences": (
        _row_formset(
            Proceeding, Sentence, SentenceForm,
            ["kind", "status", "amount_as_reported", "term_quantity", "term_unit",
             "probation_quantity", "probation_unit", "probation_not_reported", "fine_amount",
             "fine_amount_max", "fine_currency", "fine_kzt", "fine_usd_as_reported",
             "fine_group_total"], 2,
            _("Sentence"),
        ),
        "proceeding",
        lambda r: joined(r.get_kind_display(), r.amount_display()) if r.kind else "",
    ),
}  # fmt: skip


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CitationEntryForm(forms.Form):
    """One source and one quote for any number of the screen's facts and fields."""

    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        help_text=_("Search by outlet, headline or URL; or enter a new source below."),
    )
    quote = forms.CharField(
        label=_("Quote"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("A short verbatim quote from the source that states the facts ticked."),
    )
    translation = forms.CharField(
        label=_("Translation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("English translation of the quote, if the source is not English."),
    )
    locator = forms.CharField(
        label=_("Locator"),
        max_length=100,
        required=False,
        help_text=_("Where in the source: paragraph, page."),
    )
    facts = forms.MultipleChoiceField(
        label=_("Facts it supports"),
        widget=CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick the whole record, or the fields the quote states."),
    )

    def __init__(self, *args, facts=(), admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facts"].choices = facts
        if admin_site is not None:
            self.fields["source"] = picker_formfield(
                Citation._meta.get_field("source"),
                admin_site,
                required=False,
                help_text=self.fields["source"].help_text,
            )
        new_source_fields = fields_for_model(
            Source, fields=NEW_SOURCE_FIELDS, formfield_callback=_https_by_default
        )
        for name, field in new_source_fields.items():
            field.required = False
            field.label = _("New source: %(field)s") % {"field": field.label}
            self.fields[f"new_{name}"] = field
        self.new_source = None

    def has_content(self) -> bool:
        return self.has_changed()

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed():
            return cleaned
        new = {name: cleaned.get(f"new_{name}") for name in NEW_SOURCE_FIELDS}
        typed_new = any(new[name] for name in ("url", "outlet", "headline", "published"))
        if cleaned.get("source") and typed_new:
            self.add_error("source", _("Pick a source or enter a new one, not both."))
        elif not cleaned.get("source") and not typed_new:
            self.add_error("source", _("Pick the source, or enter a new one below."))
        elif typed_new:
            source = Source(**{name: value for name, value in new.items() if value is not None})
            if not source.language:
                source.language = "en"
            try:
                source.full_clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    field = f"new_{name}" if name in NEW_SOURCE_FIELDS else None
                    self.add_error(field, messages)
            self.new_source = source
        if not (cleaned.get("quote") or "").strip():
            self.add_error("quote", _("A citation needs a verbatim quote from the source."))
        if not cleaned.get("facts"):
            self.add_error("facts", _("Tick the facts or fields this quote supports."))
        return cleaned


class CitationEntryFormSet(forms.BaseFormSet):
    def clean(self):
        # The same new URL twice on one screen would be two sources: enter it once.
        seen = set()
        for form in self.forms:
            source = getattr(form, "new_source", None)
            if source is None:
                continue
            if source.url in seen:
                form.add_error("new_url", _("This URL is entered above: pick it once."))
            seen.add(source.url)


CitationFormSet = forms.formset_factory(
    CitationEntryForm, formset=CitationEntryFormSet, extra=2, can_delete=False
)


def field_menu(form) -> list[tuple[str, str]]:
    """(field name, words) for each field of the form's record that a citation may back."""
    model = form._meta.model
    return [
        (name, capfirst(model._meta.get_field(name).verbose_name))
        for name, field in form.fields.items()
        if not isinstance(field, InlineForeignKeyField) and is_citable(model, name)
    ]


class CaseScreen:
    """Every form of a case screen, bound or not, and what the page shows of them."""

    def __init__(self, *, person: Person, proceeding: Proceeding, user, admin_site, data=None):
        self.user, self.admin_site, self.data = user, admin_site, data
        self.person, self.proceeding = person, proceeding
        self.person_form = PersonForm(data, instance=person, prefix="person")
        self.proceeding_form = ProceedingForm(data, instance=proceeding, prefix="case")
        for form, model in ((self.person_form, Person), (self.proceeding_form, Proceeding)):
            form.may_publish = can_publish(user, model)
            form.add_version_field()
            self._use_pickers(form)
        self.rows = {}
        for prefix, (formset_class, parent, _summary) in ROWS.items():
            formset_class = type(
                formset_class.__name__,
                (formset_class,),
                {"may_publish": can_publish(user, formset_class.model)},
            )
            instance = person if parent == "person" else proceeding
            formset = formset_class(data, instance=instance, prefix=prefix)
            for form in formset.forms:
                self._use_pickers(form)
            self.rows[prefix] = formset
        self._set_ruling_menu()
        self.citations = CitationFormSet(
            data,
            prefix="sources",
            form_kwargs={"facts": self.fact_menu(), "admin_site": admin_site},
        )
        self._share_picker_labels()

    # Building ---------------------------------------------------------------------------

    def _use_pickers(self, form):
        model = form._meta.model
        for name, field in list(form.fields.items()):
            if isinstance(field, InlineForeignKeyField):
                continue  # the row's parent: the screen's person or proceeding
            db_field = model._meta.get_field(name) if name in form._meta.fields else None
            if db_field is not None and db_field.is_relation:
                form.fields[name] = picker_formfield(
                    db_field,
                    self.admin_site,
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                )

    @property
    def main_forms(self):
        return [self.person_form, self.proceeding_form]

    def record_forms(self):
        """(key, noun and number, form) for every record on the screen, in page order."""
        yield "person", _("Person"), self.person_form
        for form in self.rows["names"].forms:
            yield form.prefix, self._row_title("names", form), form
        for form in self.rows["participations"].forms:
            yield form.prefix, self._row_title("participations", form), form
        yield "case", _("Case"), self.proceeding_form
        for prefix in ("charges", "measures", "hearings", "rulings", "sentences"):
            for form in self.rows[prefix].forms:
                yield form.prefix, self._row_title(prefix, form), form

    def _row_title(self, prefix, form) -> str:
        formset = self.rows[prefix]
        number = formset.forms.index(form) + 1
        return f"{formset.noun} {number}"

    def summary(self, key, form) -> str:
        if key == "person":
            return form.instance.preferred_name
        if key == "case":
            return form.instance.case_words if form.instance.kind else ""
        prefix = key.rsplit("-", 1)[0]
        try:
            return ROWS[prefix][2](form.instance) or ""
        except (ValueError, KeyError, TypeError):
            return ""

    def record_title(self, key, title, form) -> str:
        if key not in ("person", "case") and not self.row_is_entered(form):
            # A blank row's defaults ("Trial hearing") are not something entered.
            new_row = _("new row")  # outside the f-string, where makemessages can see it
            return f"{title} ({new_row})"
        summary = self.summary(key, form)
        return f"{title}: {summary}" if summary else str(title)

    def fact_menu(self) -> list:
        """The sources panel's menu: each record on the screen, then its fields in words."""
        menu = []
        for key, title, form in self.record_forms():
            options = [(key, _("the whole record"))]
            options += [(f"{key}:{name}", words) for name, words in field_menu(form)]
            menu.append((self.record_title(key, title, form), options))
        return menu

    def _set_ruling_menu(self):
        rulings = self.rulings_formset.forms
        menu = [("", _("No ruling (a penalty sought or possible)"))]
        menu += [
            (str(i), self.record_title(form.prefix, _("Ruling %(n)s") % {"n": i + 1}, form))
            for i, form in enumerate(rulings)
        ]
        by_pk = {form.instance.pk: str(i) for i, form in enumerate(rulings) if form.instance.pk}
        for form in self.rows["sentences"].forms:
            form.fields["ruling_key"].choices = menu
            form.initial.setdefault("ruling_key", by_pk.get(form.instance.ruling_id, ""))

    @property
    def rulings_formset(self):
        return self.rows["rulings"]

    def _share_picker_labels(self):
        """Read the labels of every record chosen in a picker once per picker field."""
        forms_by_field = {}
        all_forms = [*self.main_forms, *self.citations.forms]
        for formset in self.rows.values():
            all_forms += formset.forms
        for form in all_forms:
            for name, field in form.fields.items():
                if isinstance(field.widget, KnownLabelsMixin):
                    forms_by_field.setdefault(field.widget.field, []).append((form, name))
        for db_field, uses in forms_by_field.items():
            model = db_field.remote_field.model
            keys = set()
            for form, name in uses:
                value = form[name].value()
                values = value if isinstance(value, list | tuple) else [value]
                keys.update(
                    str(getattr(v, "pk", v))
                    for v in values
                    if v not in (None, "") and could_be_key(model, None, getattr(v, "pk", v))
                )
            field = uses[0][0].fields[uses[0][1]]
            known = {}
            if keys:
                known = {
                    str(record.pk): field.label_from_instance(record)
                    for record in field.queryset.filter(pk__in=keys)
                }
            for form, name in uses:
                form.fields[name].widget.known = known

    # Validating -------------------------------------------------------------------------

    def is_valid(self) -> bool:
        # Every form validated, not only up to the first invalid one: all errors show.
        results = [form.is_valid() for form in self.main_forms]
        results += [formset.is_valid() for formset in self.rows.values()]
        valid = all(results)
        # The menus' labels now read what was typed ("Ruling 2: 12 Mar 2019 · Guilty").
        self._set_ruling_menu()
        for form in self.citations.forms:
            form.fields["facts"].choices = self.fact_menu()
        valid = self.citations.is_valid() and valid
        return self._check_keys() and valid

    def row_is_entered(self, form) -> bool:
        return form.instance.pk is not None or (form.is_bound and form.has_changed())

    def _check_keys(self) -> bool:
        """A sentence's ruling and a ticked fact must be a row that is filled in."""
        ok = True
        rulings = self.rulings_formset.forms
        for form in self.rows["sentences"].forms:
            if not self.row_is_entered(form) or not hasattr(form, "cleaned_data"):
                continue
            key = form.cleaned_data.get("ruling_key")
            if key and not self.row_is_entered(rulings[int(key)]):
                form.add_error("ruling_key", _("That ruling's row is empty: fill it in first."))
                ok = False
        titles = {key: (title, form) for key, title, form in self.record_forms()}
        for form in self.citations.forms:
            for fact in (getattr(form, "cleaned_data", None) or {}).get("facts", []):
                key = fact.split(":")[0]
                title, record_form = titles[key]
                if not self.row_is_entered(record_form):
                    form.add_error(
                        "facts",
                        _("%(row)s is an empty row: fill it in or untick it.") % {"row": title},
                    )
                    ok = False
        return ok

    def form_for(self, key):
        for record_key, _title, form in self.record_forms():
            if record_key == key:
                return form
        return None

    # Reading ----------------------------------------------------------------------------

    def citations_on_screen(self) -> dict:
        """key -> the stored citations of each saved record on the screen (one query)."""
        saved = [(key, form.instance) for key, _t, form in self.record_forms() if form.instance.pk]
        if not saved:
            return {}
        types = {type(record): ContentType.objects.get_for_model(record) for _k, record in saved}
        condition = Q(pk__in=[])
        for model, content_type in types.items():
            ids = [record.pk for _k, record in saved if type(record) is model]
            condition |= Q(content_type=content_type, object_id__in=ids)
        keys = {(types[type(record)].pk, record.pk): key for key, record in saved}
        found = {}
        for citation in Citation.objects.filter(condition).select_related("source"):
            key = keys[(citation.content_type_id, citation.object_id)]
            found.setdefault(key, []).append(citation)
        return found

    def uncited(self, stored: dict) -> list[str]:
        """The records on the screen that no citation backs, stored or ticked now."""
        ticked = set()
        if self.data is not None:
            for form in self.citations.forms:
                for fact in form["facts"].value() or []:
                    ticked.add(str(fact).split(":")[0])
        return [
            self.record_title(key, title, form)
            for key, title, form in self.record_forms()
            if self.row_is_entered(form)
            and rules.needs_citation(form.instance)
            and key not in stored
            and key not in ticked
        ]

    def media(self):
        media = self.person_form.media + self.proceeding_form.media + self.citations.media
        for formset in self.rows.values():
            media += formset.media
        return media + forms.Media(
            js=["admin/js/jquery.init.js", "casetracker/picker.js"],
            css={"all": ["casetracker/case_screen.css"]},
        )
