from typing import Any

from django.http import HttpRequest

from reviews.models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count shown in the header. Lazy: pages that do not show it pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        return Notification.objects.filter(recipient=user).unread().count()

    return {"unread_notifications": unread}
