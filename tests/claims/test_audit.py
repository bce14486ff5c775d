from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from claims import services
from claims.models import AuditEvent, Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(reviewer):
    claim = ClaimFactory()
    event = services.audit_record(claim=claim, actor=reviewer, verb="created")
    event.verb = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "created"


def test_postgres_refuses_raw_updates_of_audit_rows(reviewer):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    event = services.audit_record(claim=ClaimFactory(), actor=reviewer, verb="created")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE claims_auditevent SET verb = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_auditevent WHERE id = %s", [event.pk])


def test_a_failed_audit_write_leaves_no_claim_behind(reviewer, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        services.claim_create(
            actor=reviewer, fields=services.ClaimFields(text="A claim to keep.", language="en")
        )
    assert not Claim.objects.exists()


def test_outsider_cannot_create_through_the_service(outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.claim_create(
            actor=outsider, fields=services.ClaimFields(text="Sneaky claim.", language="en")
        )
    assert not Claim.objects.exists()
