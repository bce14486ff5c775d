from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from reviews.models import Notification

UNREAD_TTL = 300


def unread_key(user_id: int) -> str:
    return f"unread-notifications:{user_id}"


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count shown in the header. Lazy: pages that do not show it pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        # Cached per reader until a notification for them is created or read
        # (reviews.services.common.unread_changed).
        count = cache.get_or_set(
            unread_key(user.pk),
            lambda: Notification.objects.filter(recipient=user).unread().count(),
            UNREAD_TTL,
        )
        return int(count or 0)

    return {"unread_notifications": unread}
