"""The editorial roles and what each may do with every kind of record.

- Researcher: add, change and view every record; view its history. Drafts and sends for
  review; cannot publish, retract or delete.
- Editor: everything a researcher may, plus publish (publish and retract).
- Administrator: everything on records, including delete.

Migration events/0004 created the groups. A kind of record added later (a hearing, a
place) must reach the same roles without a migration of its own that someone could
forget: after every ``migrate`` the roles gain the rights below on every model in
``rules.RECORDS`` and its history. Rights are only ever added, never removed, so a change
an administrator made to a group stays.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from publishing import rules

ROLES = {
    "Researcher": {"records": ("add", "change", "view"), "history": ("view",)},
    "Editor": {"records": ("add", "change", "view", "publish"), "history": ("view",)},
    "Administrator": {
        "records": ("add", "change", "delete", "view", "publish"),
        "history": ("view",),
    },
}


def grant_record_rights(*, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Give each role its rights on every kind of record (post_migrate receiver)."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        content_type_model = apps.get_model("contenttypes", "ContentType")
        models = [apps.get_model(label) for label in rules.RECORDS]
    except LookupError:  # migrating to a state before every record kind existed
        return
    for app_label in {model._meta.app_label for model in models}:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    histories = {
        model: apps.get_model(model._meta.app_label, f"Historical{model._meta.object_name}")
        for model in models
    }
    for name, rights in ROLES.items():
        group = group_model.objects.using(using).filter(name=name).first()
        if group is None:
            continue
        codenames = []
        for model in models:
            codenames += [f"{action}_{model._meta.model_name}" for action in rights["records"]]
            history = histories[model]
            codenames += [f"{action}_{history._meta.model_name}" for action in rights["history"]]
        content_types = content_type_model.objects.db_manager(using).get_for_models(
            *models, *histories.values()
        )
        group.permissions.add(
            *permission_model.objects.using(using).filter(
                content_type__in=content_types.values(), codename__in=codenames
            )
        )
