"""The case screen's admin view (events.case_screen), served under the proceedings' admin:
``/admin/events/proceeding/case/`` enters a new case (``?person=<id>`` for a person already
recorded), ``/admin/events/proceeding/<id>/case/`` edits one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casetracker.admin_input import could_be_key
from people.models import Person
from publishing.models import PublicationStatus
from publishing.services import can_publish
from sources.models import field_words

from . import services
from .case_screen import CASE_MODELS, CaseScreen
from .models import Proceeding


def may_use_case_screen(user) -> bool:
    """Staff who may add and change every kind of record the screen writes."""
    return (
        user.is_active
        and user.is_staff
        and all(
            user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
            for model in CASE_MODELS
            for action in ("add", "change")
        )
    )


class CaseScreenMixin:
    """For the proceedings' admin: the case screen's URLs and view."""

    def get_urls(self):
        return [
            path(
                "case/",
                self.admin_site.admin_view(self.case_screen_view),
                name="events_proceeding_case_add",
            ),
            path(
                "<path:object_id>/case/",
                self.admin_site.admin_view(self.case_screen_view),
                name="events_proceeding_case",
            ),
            *super().get_urls(),
        ]

    def case_screen_view(self, request, object_id=None):
        if not may_use_case_screen(request.user):
            raise PermissionDenied
        if object_id is None:
            proceeding = Proceeding()
            person_id = request.GET.get("person", "")
            person = Person()
            if person_id:
                if not could_be_key(Person, None, person_id):
                    raise PermissionDenied
                person = get_object_or_404(Person._base_manager, pk=person_id)
        else:
            if not could_be_key(Proceeding, None, object_id):
                raise PermissionDenied
            proceeding = get_object_or_404(
                Proceeding._base_manager.select_related("person"), pk=object_id
            )
            person = proceeding.person
            if person is None:
                self.message_user(
                    request,
                    _("A case of unnamed defendants is edited on its own page."),
                    messages.INFO,
                )
                return redirect(reverse("admin:events_proceeding_change", args=[proceeding.pk]))
        for record in (person, proceeding):
            if record.publication_status == PublicationStatus.RETRACTED and not can_publish(
                request.user, type(record)
            ):
                raise PermissionDenied(_("Only an editor may change a retracted record."))

        data = request.POST if request.method == "POST" else None
        screen = CaseScreen(
            person=person, proceeding=proceeding, user=request.user,
            admin_site=self.admin_site, data=data,
        )  # fmt: skip
        if data is not None and screen.is_valid():
            try:
                saved = services.save_case(screen, user=request.user)
            except services.CaseNotSaved as refused:
                # Nothing was written: the page again, from what was typed, with each
                # refusal at its record.
                screen = CaseScreen(
                    person=person, proceeding=proceeding, user=request.user,
                    admin_site=self.admin_site, data=data,
                )  # fmt: skip
                screen.is_valid()
                for key, error in refused.errors:
                    form = screen.form_for(key)
                    if form is None:
                        form = screen.citations.forms[int(key.rsplit("-", 1)[1])]
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("The case of %(person)s is saved. New records are drafts.")
                    % {"person": saved.person},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:events_proceeding_case", args=[saved.pk]))
        return self.render_case_screen(request, screen)

    def render_case_screen(self, request, screen):
        stored = screen.citations_on_screen()
        proceeding = screen.proceeding
        title = (
            _("Edit the case: %(case)s") % {"case": proceeding} if proceeding.pk else _("New case")
        )
        records = []
        for key, record_title, form in screen.record_forms():
            if key not in stored:
                continue
            records.append(
                {
                    "key": key,
                    "title": screen.record_title(key, record_title, form),
                    "citations": [
                        (citation, field_words(type(form.instance), citation.field))
                        for citation in stored[key]
                    ],
                    "change_url": _change_url(form.instance),
                }
            )
        errors = (
            any(form.errors for _key, _title, form in screen.record_forms())
            or any(form.errors for form in screen.citations.forms)
            or any(
                formset.non_form_errors() for formset in [*screen.rows.values(), screen.citations]
            )
        )
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "screen": screen,
            "sections": _sections(screen),
            "records": records,
            "uncited": screen.uncited(stored),
            "has_errors": errors,
            "media": screen.media(),
        }
        return TemplateResponse(request, "admin/events/case_screen.html", context)


SECTION_HEADINGS = {
    "names": gettext_lazy("Spellings of the name"),
    "participations": gettext_lazy("Protests taken part in"),
    "charges": gettext_lazy("Charges"),
    "measures": gettext_lazy("Pre-trial measures"),
    "hearings": gettext_lazy("Hearings"),
    "rulings": gettext_lazy("Rulings"),
    "sentences": gettext_lazy("Sentences (each under its ruling)"),
}


def _sections(screen) -> list[dict]:
    """The screen's parts in page order: the person and their rows, the case and its."""
    titled = {key: (title, form) for key, title, form in screen.record_forms()}

    def rows(prefix):
        formset = screen.rows[prefix]
        return {
            "id": prefix,
            "heading": SECTION_HEADINGS[prefix],
            "formset": formset,
            "forms": [
                (screen.record_title(form.prefix, *titled[form.prefix]), form)
                for form in formset.forms
            ],
        }

    def main(key, heading):
        title, form = titled[key]
        return {
            "id": key,
            "heading": heading,
            "forms": [(screen.record_title(key, title, form), form)],
        }

    return [
        main("person", gettext_lazy("Person")),
        rows("names"),
        rows("participations"),
        main("case", gettext_lazy("Case (proceeding)")),
        *(rows(prefix) for prefix in ("charges", "measures", "hearings", "rulings", "sentences")),
    ]


def _change_url(record) -> str:
    if record.pk is None:
        return ""
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
