"""PostgreSQL only: pg_trgm and a GIN trigram index on the normalised text, so near-duplicate
claims are found through the indexable `%` operator (a `similarity(...) > x` filter would scan
the whole table). SQLite ranks word overlap over a full-text pre-selection instead."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX = "claim_normalized_trgm"


def _index() -> GinIndex:
    return GinIndex(fields=["normalized_text"], name=INDEX, opclasses=["gin_trgm_ops"])


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(apps.get_model("claims", "Claim"), _index())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("claims", "Claim"), _index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_articles_and_similar")]
    operations = [migrations.RunPython(forwards, backwards)]
