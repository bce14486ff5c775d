"""The desk's roles as groups with permissions. Later apps add their permissions in their own
migrations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = [
    "view_claim",
    "add_claim",
    "change_claim",
    "view_claimant",
    "add_claimant",
    "change_claimant",
    "view_tag",
    "add_tag",
]
EDITOR = [*REVIEWER, "assign_claim", "dismiss_claim", "merge_claimant", "view_auditevent"]


def _ensure_permissions(apps):
    # Permissions are normally created after migrate finishes; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewer", REVIEWER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        group.permissions.add(*perms)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_search_index_and_audit_guard"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
