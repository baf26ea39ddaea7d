"""The admin's spreadsheet import: upload, preview row by row, confirm (imports.services).

The preview carries the parsed rows to the confirm step in a signed field, so confirming
saves exactly what was previewed (planned again against the database as it is then) and
the file is never stored. Only users who may add every kind of record the import creates
(Researcher and up, publishing.roles) reach these views.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from imports import services, spreadsheets

SIGNING_SALT = "imports.preview"
# The parsed rows travel back in the confirm form: well under Django's request body limit
# (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) even before compression. About 2,000 rows.
MAX_UPLOAD_BYTES = 1024 * 1024
# A preview older than this must be uploaded again (the database may have moved on).
PREVIEW_MAX_AGE = 24 * 60 * 60


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A .csv (UTF-8) or .xlsx file with the template's columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB: split it."))
        try:
            self.table = spreadsheets.read_table(upload.name, upload.read())
        except spreadsheets.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return signing.loads(
                self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The preview has expired: upload the file again.")
            ) from None


def _check_permission(user) -> None:
    needed = [f"{model._meta.app_label}.add_{model._meta.model_name}" for model in services.ORDER]
    if not user.has_perms(needed):
        raise PermissionDenied


def import_view(admin_site, request):
    _check_permission(request.user)
    context = {**admin_site.each_context(request), "title": _("Import cases from a spreadsheet")}
    if request.method == "POST" and "payload" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            data = confirm.cleaned_data["payload"]
            plan = services.plan(data["table"])
            if plan.valid:
                try:
                    saved = services.apply(plan, user=request.user, filename=data["filename"])
                except services.ImportRefused as error:
                    messages.error(request, str(error))
                else:
                    count = sum(len(objs) for objs in saved.values())
                    messages.success(
                        request,
                        _("Imported %(count)s records as drafts.") % {"count": count},
                    )
                    return redirect("admin:index")
            context.update(plan=plan, filename=data["filename"], upload_form=UploadForm())
            return TemplateResponse(request, "imports/preview.html", context)
        form = UploadForm()
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            filename = form.cleaned_data["file"].name
            plan = services.plan(form.table)
            payload = signing.dumps(
                {"table": form.table, "filename": filename}, salt=SIGNING_SALT, compress=True
            )
            context.update(
                plan=plan,
                filename=filename,
                confirm_form=ConfirmForm(initial={"payload": payload}) if plan.valid else None,
                upload_form=UploadForm(),
            )
            return TemplateResponse(request, "imports/preview.html", context)
    else:
        form = UploadForm()
    context.update(form=form, columns=spreadsheets.TEMPLATE_COLUMNS)
    return TemplateResponse(request, "imports/upload.html", context)


def template_view(admin_site, request, extension):
    """The template to fill in: the import's columns and one example row."""
    _check_permission(request.user)
    if extension not in ("csv", "xlsx"):
        raise Http404
    rows = spreadsheets.template_rows()
    if extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "cases"
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="casetracker-import-template.{extension}"'
    )
    return response
