"""Admin building blocks every record shares: the publishing workflow and edit history.

- Researchers create and edit drafts and send them for review; only users with the
  model's ``publish`` permission (editors) may publish or retract.
- A researcher's change to a published record becomes a pending Revision: the public keeps
  the published version until an editor approves it. Retracted records are read-only
  for researchers, and so are published rows inside another record's inlines (a field
  error says so), and the history's revert of a published record (403).
- Every record's page and list say whether the public sees it and, if not, why
  (publishing.rules.why_hidden).
- Every admin page has a History view with a readable diff and revert (simple-history).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from casetracker.admin_input import CheckedInputMixin, could_be_key
from casetracker.admin_pickers import PickerFieldsMixin, PickerMixin
from casetracker.admin_search import RelatedSearchMixin
from casetracker.widgets import Select
from publishing import rules, services
from publishing.models import PublicationStatus, Revision, RevisionStatus
from publishing.services import LOCKED_STATUSES, RESEARCHER_STATUSES, can_publish
from publishing.texts import VERSION_LANGUAGES, has_versions, records_language

PUBLIC_VISIBILITY = "public_visibility"


def versions_fieldset(*names: str) -> tuple:
    """A folded fieldset for the versions of a record's texts in the other interface
    languages (publishing/texts.py), e.g. ``versions_fieldset("title", "description")``."""
    fields = [f"{name}_{language}" for name in names for language in VERSION_LANGUAGES]
    return (
        _("In other languages"),
        {
            "classes": ["collapse"],
            "fields": fields,
            "description": _(
                "Optional. Readers of the site in Russian or Kazakh see these versions; "
                "where one is empty they see the original, marked as such."
            ),
        },
    )


def _stored_status(record) -> str | None:
    """The record's status as stored (a form may have changed the instance already)."""
    if record.pk is None:
        return None
    return (
        type(record)
        ._base_manager.filter(pk=record.pk)
        .values_list("publication_status", flat=True)
        .first()
    )


def visibility_text(record) -> str:
    if record.pk is None:
        return gettext("Not saved yet.")
    if rules.shows_publicly(record):
        # The stored flag says so already: no need to ask each part of the rule again
        # (a page of inline rows would cost queries per row).
        return gettext("Shown on the public site.")
    reasons = rules.why_hidden(record)
    if not reasons:
        return gettext("Shown on the public site.")
    return gettext("Hidden from the public: %(reasons)s.") % {"reasons": "; ".join(reasons)}


class LockedRowsFormSetMixin:
    """A researcher cannot change or delete a published or retracted row through another
    record's inline: the row's own page takes a revision for an editor instead."""

    may_publish = True

    def clean(self):
        super().clean()
        if self.may_publish:
            return
        # The statuses as stored, in one query for every row (the forms may have changed
        # the instances already).
        saved = [form.instance.pk for form in self.forms if form.instance.pk is not None]
        locked = set(
            self.model._base_manager.filter(
                pk__in=saved, publication_status__in=LOCKED_STATUSES
            ).values_list("pk", flat=True)
        )
        for form in self.forms:
            record = form.instance
            if record.pk not in locked:
                continue
            deleting = self.can_delete and self._should_delete_form(form)
            if deleting or form.has_changed():
                form.add_error(
                    None,
                    ValidationError(
                        _(
                            "“%(record)s” is published: an editor must approve changes to it. "
                            "Open its own page to propose the change."
                        ),
                        params={"record": record},
                        code="locked",
                    ),
                )


class OneLoopSelectsMixin:
    """Choice fields drawn by ``casetracker.widgets.Select``: Django's markup, its options
    written in one loop. A case's page draws every choice field of every inline row and of
    each inline's empty form: a few thousand options, each a template include in Django's
    own widget."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name not in self.radio_fields:
            kwargs.setdefault("widget", Select)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class PublicationStatusMixin:
    """Who may set which editorial status, for model admins and inlines alike, and whether
    each record shows publicly."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "publication_status" and not can_publish(request.user, self.model):
            kwargs["choices"] = [(s.value, s.label) for s in RESEARCHER_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user, self.model) and (
            # In an inline, a researcher cannot tell an editor's "published" from her own
            # choice; the status is shown, and changed on the row's own page.
            isinstance(self, admin.options.InlineModelAdmin)
            # A published record's status is the editor's: a revision never changes it.
            or (obj is not None and obj.publication_status in LOCKED_STATUSES)
        ):
            readonly.append("publication_status")
        return [*readonly, PUBLIC_VISIBILITY]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        may_publish = can_publish(request.user, self.model)
        return type(
            formset.__name__,
            (LockedRowsFormSetMixin, formset),
            {"may_publish": may_publish},
        )

    @admin.display(description=_("public site"))
    def public_visibility(self, record):
        return visibility_text(record)


class VisibleErrorsMixin:
    """For a model form in the admin: an error for a field the page does not show is shown
    with the form's own errors, under the field's name.

    Model.clean() can name any field. Django marks an error on a hidden input (an inline
    row's link to its parent) nowhere: the page said only "Please correct the errors
    below". An error on a field left off the form (read-only, or entered on the record's
    own page) was a server error.
    """

    def add_error(self, field, error):
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is None and hasattr(error, "error_dict"):
            placed = {}
            for name, errors in error.error_dict.items():
                if name == NON_FIELD_ERRORS or self._shows(name):
                    placed.setdefault(name, []).extend(errors)
                else:
                    placed.setdefault(NON_FIELD_ERRORS, []).extend(self._named(name, errors))
            error = ValidationError(placed)
        elif field not in (None, NON_FIELD_ERRORS) and not self._shows(field):
            error, field = ValidationError(self._named(field, error.error_list)), None
        super().add_error(field, error)

    def _shows(self, name: str) -> bool:
        return name in self.fields and not self.fields[name].widget.is_hidden

    def _named(self, name: str, errors) -> list[ValidationError]:
        try:
            label = str(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name.replace("_", " ")
        return [
            ValidationError(
                gettext("%(field)s: %(message)s") % {"field": capfirst(label), "message": message}
            )
            for error in errors
            for message in error.messages
        ]


class OriginalLanguageMixin:
    """For a model form: a text written in the records language, with versions in the
    others (publishing/texts.py), says which language that is: "Description (English)".
    A Russian researcher on the case screen, told nothing, wrote in Russian, and the site
    showed it to its readers as "Original language: English"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = dict(settings.LANGUAGES)[records_language()]
        for name, field in self.fields.items():
            if has_versions(self._meta.model, name):
                field.label = format_lazy("{} ({})", field.label, language)


class RecordInlineForm(OriginalLanguageMixin, VisibleErrorsMixin, forms.ModelForm):
    pass


class EntryOrderMixin:
    """For an inline: rows come back in the order they were entered (by id), not sorted by
    a column, so that a follow-up edit lands on the row the researcher means."""

    ordering = ["pk"]


class RecordInline(
    EntryOrderMixin,
    PickerFieldsMixin,
    CheckedInputMixin,
    PublicationStatusMixin,
    OneLoopSelectsMixin,
    admin.TabularInline,
):
    form = RecordInlineForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if PUBLIC_VISIBILITY in fields else [*fields, PUBLIC_VISIBILITY]


def latest_version(record) -> str:
    """The record's version: the id of its latest history row ("" before any)."""
    if record.pk is None:
        return ""
    latest = record.history.order_by("-history_date", "-history_id").values_list(
        "history_id", flat=True
    )
    return str(latest.first() or "")


class VersionedForm(OriginalLanguageMixin, VisibleErrorsMixin, forms.ModelForm):
    """The change form carries the version it was opened at; saving over a newer version
    is refused with what changed since and who changed it. The form then carries the new
    version, with the editor's own values kept: saving again, after merging, is deliberate.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(OPENED_VERSION, latest_version(self.instance))

    def clean(self):
        cleaned = super().clean()
        record = self.instance
        opened = self.data.get(OPENED_VERSION, "")
        current = latest_version(record) if record.pk else ""
        if record.pk is None or opened == current:
            return cleaned
        who, changes = changes_since(record, opened, current)
        params = {"who": who, "changes": "; ".join(changes)}
        if who and changes:
            message = gettext(
                "Someone else (%(who)s) saved this record after you opened it: %(changes)s. "
                "Your values are kept below; check them against theirs and save again."
            )
        elif who:
            message = gettext(
                "Someone else (%(who)s) saved this record after you opened it. "
                "Your values are kept below; check them against theirs and save again."
            )
        elif changes:
            message = gettext(
                "Someone else saved this record after you opened it: %(changes)s. "
                "Your values are kept below; check them against theirs and save again."
            )
        else:
            message = gettext(
                "Someone else saved this record after you opened it. "
                "Your values are kept below; check them against theirs and save again."
            )
        message %= params
        self.data = self.data.copy()
        self.data[OPENED_VERSION] = current
        raise ValidationError(message, code="stale")


OPENED_VERSION = "opened_version"


def changes_since(record, opened: str, current: str) -> tuple[object, list[str]]:
    """Who saved ``record`` last (its ``current`` version, a history id), and each field
    that changed since the version ``opened`` ("locality: “Almaty” → “Taldykorgan”"):
    what someone about to save over it needs to merge. (None, []) where either version is
    not one of the record's."""
    history = record.history.all()
    newest = history.filter(history_id=current).first() if current else None
    # What the form sent back may be anything ("²" passes str.isdigit()).
    opened_known = could_be_key(history.model, None, opened)
    before = history.filter(history_id=opened).first() if opened_known else None
    changes = []
    if newest is not None and before is not None:
        for change in newest.diff_against(before).changes:
            label = record._meta.get_field(change.field).verbose_name
            changes.append(
                gettext("%(field)s: “%(old)s” → “%(new)s”")
                % {"field": label, "old": change.old, "new": change.new}
            )
    return (newest.history_user if newest is not None else None), changes


class RecordAdmin(
    PickerMixin,
    PickerFieldsMixin,
    CheckedInputMixin,
    RelatedSearchMixin,
    PublicationStatusMixin,
    OneLoopSelectsMixin,
    SimpleHistoryAdmin,
):
    """Base admin for every record: publishing actions, revisions, visibility, history."""

    actions = ["send_for_review", "publish", "retract"]
    form = VersionedForm

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.publication_status == PublicationStatus.RETRACTED
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "shown_publicly"]

    @admin.display(description=_("public"), boolean=True, ordering="is_public")
    def shown_publicly(self, record):
        return rules.shows_publicly(record)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                name,
                {
                    **options,
                    "fields": [
                        f for f in options["fields"] if f not in (PUBLIC_VISIBILITY, OPENED_VERSION)
                    ],
                },
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [*fieldsets, (_("Public site"), {"fields": [PUBLIC_VISIBILITY, OPENED_VERSION]})]

    def _proposes_revision(self, request, obj) -> bool:
        return not self.has_publish_permission(request) and (
            _stored_status(obj) == PublicationStatus.PUBLISHED
        )

    def save_model(self, request, obj, form, change):
        if change and self._proposes_revision(request, obj):
            names = [name for name in form.changed_data if name in form.cleaned_data]
            revision = services.propose_revision(
                obj,
                changes={name: form.cleaned_data[name] for name in names},
                user=request.user,
            )
            obj._revision = revision
            if revision is not None:
                self.message_user(
                    request,
                    SafeString(
                        render_to_string(
                            "admin/publishing/revision_waiting_message.html",
                            {"revision": revision},
                        ).strip()
                    ),
                    messages.INFO,
                )
                # Django's "… was changed successfully" would say the opposite.
                request._revision_proposed = True
            return
        super().save_model(request, obj, form, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_revision_proposed", False):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_revision", False) is not False:
            # Many-to-many changes went into the revision; new inline rows are drafts.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_if_hidden(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._warn_if_hidden(request, obj)
        return super().response_change(request, obj)

    def _warn_if_hidden(self, request, obj):
        """A record marked published that the public still cannot see says why at once
        (a spelling published without a citation is otherwise silently left out)."""
        obj = type(obj)._base_manager.get(pk=obj.pk)
        if obj.publication_status == PublicationStatus.PUBLISHED:
            reasons = rules.why_hidden(obj)
            if reasons:
                self.message_user(
                    request,
                    gettext(
                        "“%(record)s” is published but the public does not see it: %(reasons)s."
                    )
                    % {"record": obj, "reasons": "; ".join(map(str, reasons))},
                    messages.WARNING,
                )

    def get_deleted_objects(self, objs, request):
        # The delete page and "delete selected" both come here: citations and links that a
        # delete would erase are listed as protected too, so Django refuses and says why.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        dependents = [dependent for obj in objs for dependent in obj.dependents()]
        protected = [*protected, *(f"{d._meta.verbose_name}: {d}" for d in dependents)]
        if protected:
            self.message_user(request, self.protected_message(protected), messages.ERROR)
        return deleted, model_count, perms_needed, protected

    def protected_message(self, protected) -> str:
        return gettext(
            "Facts rely on this record, so it cannot be deleted: they are listed below. "
            "Retract it instead, so that the public no longer sees it and nothing is lost."
        )

    def history_view(self, request, object_id, extra_context=None):
        # An id no record could have is no record: a 404, not a database error.
        if not could_be_key(self.model, None, object_id):
            raise Http404(f"No {self.model._meta.verbose_name} has the id “{object_id}”.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (
            could_be_key(self.model, None, object_id)
            and could_be_key(self.model.history.model, None, version_id)
        ):
            raise Http404(f"No {self.model._meta.verbose_name} has this version.")
        # The version shown is an old one; the record reverted is the stored one (or none:
        # a deleted record is restored from its history).
        record = self.model._base_manager.filter(pk=object_id).first()
        if (
            request.method == "POST"
            and record is not None
            and record.publication_status in LOCKED_STATUSES
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied(_("Only an editor may revert a published or retracted record."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _set_status(self, request, queryset, service, message):
        """``message``: the whole sentence (marked with gettext_noop), with the placeholders
        ``%(count)d`` and ``%(records)s`` (the model's verbose name, singular or plural)."""
        count = service(queryset, user=request.user)
        opts = self.model._meta
        records = opts.verbose_name if count == 1 else opts.verbose_name_plural
        message = gettext(message) % {"count": count, "records": records}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Send selected records for review"), permissions=["change"])
    def send_for_review(self, request, queryset):
        self._set_status(
            request,
            queryset,
            services.send_for_review,
            gettext_noop("Sent for review: %(count)d %(records)s."),
        )

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            services.publish,
            gettext_noop("Published: %(count)d %(records)s."),
        )

    @admin.action(description=_("Retract selected records"), permissions=["publish"])
    def retract(self, request, queryset):
        self._set_status(
            request,
            queryset,
            services.retract,
            gettext_noop("Retracted: %(count)d %(records)s."),
        )


class CasePublishingMixin:
    """A person's page offers editors “Publish the whole case”: a preview of exactly what
    becomes public and what stays hidden and why, then one confirmation."""

    change_form_template = "admin/publishing/case_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/publish-case/",
                self.admin_site.admin_view(self.publish_case_view),
                name=f"{opts.app_label}_{opts.model_name}_publish_case",
            ),
            *super().get_urls(),
        ]

    def publish_case_view(self, request, object_id):
        person = get_object_or_404(self.model._base_manager, pk=object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change",
            args=[person.pk],
        )
        if request.method == "POST":
            result = services.publish_case(person, user=request.user)
            self.message_user(
                request,
                ngettext(
                    "Published the case of %(person)s: %(changes)d record changed status; "
                    "%(public)d are public, %(hidden)d stay hidden.",
                    "Published the case of %(person)s: %(changes)d records changed status; "
                    "%(public)d are public, %(hidden)d stay hidden.",
                    result.changes,
                )
                % {
                    "person": person,
                    "changes": result.changes,
                    "public": len(result.becomes_public),
                    "hidden": len(result.stays_hidden),
                },
                messages.SUCCESS,
            )
            return redirect(change_url)
        preview = services.preview_case(person, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Publish the case of %(person)s") % {"person": person},
            "opts": self.model._meta,
            "original": person,
            "preview": preview,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/publishing/publish_case.html", context)


class RevisionDecisionForm(forms.ModelForm):
    class Meta:
        model = Revision
        fields = ["rejection_reason"]

    def clean(self):
        cleaned = super().clean()
        if "_reject" in self.data and not cleaned.get("rejection_reason", "").strip():
            self.add_error("rejection_reason", gettext("Say why the revision is rejected."))
        return cleaned


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Editors review researchers' changes to published records: the diff, then approve
    (the change is applied, with history) or reject with a reason."""

    list_display = ["__str__", "record_link", "proposed_by", "created_at", "status"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "proposed_by"]
    readonly_fields = ["record_link", "proposed_by", "created_at", "status", "diff"]
    fields = ["record_link", "proposed_by", "created_at", "status", "diff", "rejection_reason"]
    change_form_template = "admin/publishing/revision_change_form.html"
    form = RevisionDecisionForm

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        revisions = super().get_queryset(request)
        if request.user.has_perm("publishing.change_revision"):
            return revisions
        # A researcher sees her own revisions, and what an editor decided about them.
        return revisions.filter(proposed_by=request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != RevisionStatus.PENDING:
            readonly.append("rejection_reason")
        return readonly

    @admin.display(description=_("record"))
    def record_link(self, revision):
        model = revision.content_type.model_class()
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
            args=[revision.object_id],
        )
        record = model._base_manager.filter(pk=revision.object_id).first()
        return format_html('<a href="{}">{}</a>', url, record or revision)

    @admin.display(description=_("changes"))
    def diff(self, revision):
        return render_to_string(
            "admin/publishing/revision_diff.html", {"rows": services.revision_diff(revision)}
        )

    def save_model(self, request, obj, form, change):
        try:
            if "_approve" in request.POST:
                services.approve_revision(obj, user=request.user)
                self.message_user(
                    request,
                    gettext("%(revision)s approved: the change is public.") % {"revision": obj},
                )
            elif "_reject" in request.POST:
                reason = form.cleaned_data.get("rejection_reason", "")
                services.reject_revision(obj, user=request.user, reason=reason)
                self.message_user(request, gettext("%(revision)s rejected.") % {"revision": obj})
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def response_change(self, request, obj):
        # The decision's own message says what happened; back to the list of revisions.
        return redirect(reverse("admin:publishing_revision_changelist"))
