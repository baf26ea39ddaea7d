"""Roles with least privilege: Researcher, Editor and Administrator.

- Researcher: add, change and view every record; view its history. Drafts and sends for
  review; cannot publish, retract or delete.
- Editor: everything a researcher may, plus publish (publish and retract).
- Administrator: everything on records, including delete, plus managing users and groups.

Runs after the history tables exist, and creates the permissions itself because the
post_migrate signal that normally does so comes after all migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["people", "sources", "events"]
ROLES = {
    "Researcher": {"records": ["add", "change", "view"], "history": ["view"], "auth": []},
    "Editor": {"records": ["add", "change", "view", "publish"], "history": ["view"], "auth": []},
    "Administrator": {
        "records": ["add", "change", "delete", "view", "publish"],
        "history": ["view"],
        "auth": ["add", "change", "view"],
    },
}


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in [*APPS, "auth"]:
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def codenames(model, actions):
        return [f"{action}_{model._meta.model_name}" for action in actions]

    for name, rights in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for label in APPS:
            for model in apps.get_app_config(label).get_models():
                is_history = model._meta.model_name.startswith("historical")
                actions = rights["history"] if is_history else rights["records"]
                content_type = ContentType.objects.db_manager(using).get_for_model(model)
                wanted += Permission.objects.using(using).filter(
                    content_type=content_type, codename__in=codenames(model, actions)
                )
        for model_name in ["user", "group"]:
            model = apps.get_model("auth", model_name)
            content_type = ContentType.objects.db_manager(using).get_for_model(model)
            wanted += Permission.objects.using(using).filter(
                content_type=content_type, codename__in=codenames(model, rights["auth"])
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["Editor", "Administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_history_and_publish_permission"),
        ("people", "0005_history_and_publish_permission"),
        ("sources", "0002_history_and_publish_permission"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
