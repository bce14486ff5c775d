"""The default rating scale and the review permissions of the desk's groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCALE = [
    # label, numeric value, description shown to reviewers
    ("False", 1, "The claim is wrong: the evidence contradicts it."),
    ("Mostly false", 2, "Some element is right, but the claim as a whole misrepresents the facts."),
    ("Half true", 3, "Partly right and partly wrong, or right only with important conditions."),
    ("Mostly true", 4, "Right in substance; a detail is off or needs context."),
    ("True", 5, "The evidence supports the claim as stated."),
    ("Misleading", None, "Literally accurate but framed to leave a false impression."),
    ("Unverifiable", None, "The available evidence cannot establish whether it is true."),
]

REVIEWER = [
    "view_rating",
    "view_evidence",
    "add_evidence",
    "change_evidence",
    "view_verdict",
    "add_verdict",
    "change_verdict",
    "view_comment",
    "add_comment",
]
EDITOR = [*REVIEWER, "approve_verdict", "correct_verdict"]


def forwards(apps, schema_editor):
    Rating = apps.get_model("reviews", "Rating")
    for position, (label, value, description) in enumerate(SCALE):
        Rating.objects.get_or_create(
            label=label, defaults={"value": value, "description": description, "position": position}
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewer", REVIEWER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reviews", codename__in=codenames)
        )


def backwards(apps, schema_editor):
    apps.get_model("reviews", "Rating").objects.filter(label__in=[s[0] for s in SCALE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("claims", "0003_desk_groups"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
