"""PostgreSQL only: the full-text GIN index and a trigger that keeps audit events append-only.

SQLite has no GIN indexes (the list falls back to a LIKE scan of the casefolded search text),
and its test flushes delete rows, so there the append-only rule lives in the model.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

SEARCH_INDEX = "claim_search_vector"


def _search_index() -> GinIndex:
    return GinIndex(fields=["search_vector"], name=SEARCH_INDEX)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("claims", "Claim"), _search_index())
    schema_editor.execute(
        """
        CREATE FUNCTION claims_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END
        $$;
        CREATE TRIGGER claims_auditevent_append_only
            BEFORE UPDATE OR DELETE ON claims_auditevent
            FOR EACH ROW EXECUTE FUNCTION claims_audit_append_only();
        """
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS claims_auditevent_append_only ON claims_auditevent;"
        "DROP FUNCTION IF EXISTS claims_audit_append_only();"
    )
    schema_editor.remove_index(apps.get_model("claims", "Claim"), _search_index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
