from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims import permissions as claim_permissions
from foundation.converters import parse_id
from foundation.htmx import go_to, htmx_fragment
from foundation.requests import DeskRequest
from reviews import forms, services
from reviews.models import Notification, NotificationDigest
from reviews.views.claim_page import page_claim, render_panel


@require_POST
def comment_add(request: DeskRequest, pk: int) -> HttpResponse:
    claim = page_claim(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, claim=claim, body=form.cleaned_data["body"])
        except services.WorkflowError as exc:
            form.add_error("body", exc.message)
        else:
            if not htmx_fragment(request):
                return go_to(request, claim.get_absolute_url() + "#comments")
            form = forms.CommentForm()
    return render_panel(request, claim, "comments", comment_form=form)


@require_GET
def notification_list(request: DeskRequest) -> HttpResponse:
    claim_permissions.require_desk_member(request.user)
    inbox = Notification.objects.filter(recipient=request.user.pk).select_related("actor", "claim")
    page = Paginator(inbox, 30).get_page(request.GET.get("page"))
    digest = NotificationDigest.objects.filter(user=request.user.pk).exists()
    return render(
        request,
        "reviews/notifications.html",
        {"page": page, "digest": digest, "hour": settings.MORNING_EMAIL_HOUR},
    )


@require_POST
def notifications_email(request: DeskRequest) -> HttpResponse:
    """A daily e-mail of the unread notifications (in the page's language), or in-app only."""
    claim_permissions.require_desk_member(request.user)
    if request.POST.get("email") != "on":
        NotificationDigest.objects.filter(user=request.user.pk).delete()
        messages.success(request, _("Notifications stay in the desk only."))
    elif not request.user.email:
        messages.error(request, _("Your account has no e-mail address; ask an administrator."))
    else:
        NotificationDigest.objects.update_or_create(
            user=request.user, defaults={"language": translation.get_language() or "en"}
        )
        messages.success(
            request,
            _(
                "A digest of your unread notifications will be e-mailed to %(email)s each day "
                "from %(hour)02d:00."
            )
            % {"email": request.user.email, "hour": settings.MORNING_EMAIL_HOUR},
        )
    return redirect("reviews:notifications")


@require_POST
def notifications_read(request: DeskRequest) -> HttpResponse:
    claim_permissions.require_desk_member(request.user)
    ids = [pk for v in request.POST.getlist("id") if (pk := parse_id(v))] or None
    services.notifications_mark_read(actor=request.user, ids=ids)
    return redirect("reviews:notifications")
