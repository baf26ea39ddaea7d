"""Editors review revisions, researchers see their own; every stored flag follows the
publishing rule as it now reads (parents and protection included).

The refresh runs the rule of publishing.rules as this code has it, on the tables as
these migrations leave them; on an empty database it does nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Researcher": ["view"],
    "Editor": ["view", "change"],
    "Administrator": ["view", "change"],
}


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("publishing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    revision = apps.get_model("publishing", "Revision")
    content_type = ContentType.objects.db_manager(using).get_for_model(revision)
    for name, actions in ROLES.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type=content_type,
                codename__in=[f"{action}_revision" for action in actions],
            )
        )


def refresh(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Source = apps.get_model("sources", "Source")
    if not (Person.objects.exists() or Source.objects.exists()):
        return
    from publishing import upkeep

    upkeep.refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("events", "0011_is_public_whole_rule"),
        ("people", "0008_is_public_whole_rule"),
        ("sources", "0005_is_public_whole_rule"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
