"""The Researcher group: may add, change and view every record, but not delete.

Deleting stays with editors (superusers), because a deleted fact takes its citations with it.
Permissions are normally created by a post_migrate signal, after all migrations have run,
so they are created here first for the apps the group covers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Researcher"
APPS = ["people", "sources", "events"]
ACTIONS = ["add", "change", "view"]


def create_researcher_group(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in APPS:
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            content_type = ContentType.objects.db_manager(using).get_for_model(model)
            codenames = [f"{action}_{model._meta.model_name}" for action in ACTIONS]
            group.permissions.add(
                *Permission.objects.using(using).filter(
                    content_type=content_type, codename__in=codenames
                )
            )


def remove_researcher_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_pg_trgm"),
        ("sources", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_researcher_group, remove_researcher_group)]
