"""Admin building blocks every record shares: the publishing workflow and edit history.

- Researchers create and edit drafts and send them for review; only users with the
  model's ``publish`` permission (editors) may publish or retract. A published or
  retracted record is read-only for everyone else.
- Every admin page has a History view with a readable diff and revert (simple-history).
  Bulk actions write history rows too (bulk_update_with_history), so no change is lost.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from casetracker.records import PublicationStatus

RESEARCHER_STATUSES = (PublicationStatus.DRAFT, PublicationStatus.REVIEW)
LOCKED_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.RETRACTED)


def can_publish(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('publish', opts)}")


class PublicationStatusMixin:
    """Who may set which editorial status, for model admins and inlines alike."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "publication_status" and not can_publish(request.user, self.model):
            kwargs["choices"] = [(s.value, s.label) for s in RESEARCHER_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # In an inline, a researcher cannot tell an editor's "published" from her own choice;
        # the status is shown, and changed on the row's own page.
        if isinstance(self, admin.options.InlineModelAdmin) and not can_publish(
            request.user, self.model
        ):
            readonly.append("publication_status")
        return readonly


class RecordInline(PublicationStatusMixin, admin.TabularInline):
    pass


class RecordAdmin(PublicationStatusMixin, SimpleHistoryAdmin):
    """Base admin for every record: publishing actions, permissions, history with revert."""

    actions = ["send_for_review", "publish", "retract"]

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.publication_status in LOCKED_STATUSES
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def _set_status(self, request, queryset, status, verb):
        records = list(queryset)
        for record in records:
            record.publication_status = status
        bulk_update_with_history(
            records,
            self.model,
            ["publication_status"],
            default_user=request.user,
            default_change_reason=f"{verb} from the list",
        )
        self.message_user(
            request,
            f"{verb}: {len(records)} {self.model._meta.verbose_name_plural}.",
            messages.SUCCESS,
        )

    @admin.action(description="Send selected records for review", permissions=["change"])
    def send_for_review(self, request, queryset):
        self._set_status(
            request,
            queryset.filter(publication_status=PublicationStatus.DRAFT),
            PublicationStatus.REVIEW,
            "Sent for review",
        )

    @admin.action(description="Publish selected records", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.PUBLISHED, "Published")

    @admin.action(description="Retract selected records", permissions=["publish"])
    def retract(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.RETRACTED, "Retracted")
