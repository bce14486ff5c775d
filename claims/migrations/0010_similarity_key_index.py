"""Near duplicates are searched on the claims' content words (SimilarityKey) rather than on the
whole normalised text: without filler words and figures the trigram GIN index passes far fewer
false candidates, and rechecking them reads short rows. PostgreSQL only, like 0008."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

OLD = "claim_normalized_trgm"
NEW = "similarity_key_trgm"


def _new_index() -> GinIndex:
    return GinIndex(fields=["words"], name=NEW, opclasses=["gin_trgm_ops"])


def _old_index() -> GinIndex:
    return GinIndex(fields=["normalized_text"], name=OLD, opclasses=["gin_trgm_ops"])


def fill_keys(apps, schema_editor):
    from claims.text import content_words  # a pure function; its output is the stored format

    Claim = apps.get_model("claims", "Claim")
    SimilarityKey = apps.get_model("claims", "SimilarityKey")
    batch = []
    for pk, normalized in (
        Claim.objects.exclude(normalized_text="").values_list("pk", "normalized_text").iterator()
    ):
        batch.append(SimilarityKey(claim_id=pk, words=content_words(normalized)))
        if len(batch) >= 5000:
            SimilarityKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    SimilarityKey.objects.bulk_create(batch, ignore_conflicts=True)


def forwards(apps, schema_editor):
    # Indexes first: PostgreSQL refuses DDL on a table with deferred constraint checks pending
    # from rows inserted in the same transaction.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), _old_index())
        schema_editor.add_index(apps.get_model("claims", "SimilarityKey"), _new_index())
    fill_keys(apps, schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("claims", "SimilarityKey"), _new_index())
    schema_editor.add_index(apps.get_model("claims", "Claim"), _old_index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_similarity_key")]
    operations = [migrations.RunPython(forwards, backwards)]
