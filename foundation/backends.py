"""Permission sets cached in the shared cache, so a page costs no permission queries.

The cache entry is dropped whenever a user's groups or a group's permissions change (signals
below), so a revoked permission takes effect on the next request. Without a shared cache
(SHARED_CACHE off) nothing is cached: a process-local cache could not be invalidated across
processes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

PERMS_TTL_SECONDS = 600


def _key(user_id: int) -> str:
    return f"perms:{user_id}"


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not settings.SHARED_CACHE or obj is not None or not user_obj.is_active:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            cached = cache.get(_key(user_obj.pk))
            if cached is None:
                cached = super().get_all_permissions(user_obj)
                cache.set(_key(user_obj.pk), cached, PERMS_TTL_SECONDS)
            user_obj._perm_cache = set(cached)
        permissions: set[str] = user_obj._perm_cache
        return permissions


def forget_permissions(user_ids: Any = None) -> None:
    """Drop cached permission sets: of the given users, or of everyone."""
    if user_ids is None:
        user_ids = get_user_model().objects.values_list("pk", flat=True)
    cache.delete_many([_key(pk) for pk in user_ids])
    cache.delete("desk-members")


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _user_groups_changed(sender: Any, instance: Any, pk_set: Any, reverse: bool, **kw: Any) -> None:
    if kw.get("action", "").startswith("post_"):
        if reverse:  # group.user_set changed: pk_set holds users (None on clear)
            forget_permissions(pk_set if pk_set else None)
        else:
            forget_permissions([instance.pk])


@receiver(m2m_changed, sender=get_user_model().user_permissions.through)
def _user_permissions_changed(sender: Any, instance: Any, reverse: bool, **kw: Any) -> None:
    if kw.get("action", "").startswith("post_"):
        forget_permissions(None if reverse else [instance.pk])


@receiver(m2m_changed, sender=Group.permissions.through)
def _group_permissions_changed(sender: Any, **kw: Any) -> None:
    if kw.get("action", "").startswith("post_"):
        forget_permissions()


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def _user_changed(sender: Any, instance: Any, **kw: Any) -> None:
    # is_active, is_superuser and is_staff change what a user may do.
    forget_permissions([instance.pk])


@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Permission)
def _group_or_permission_deleted(sender: Any, **kw: Any) -> None:
    forget_permissions()
