"""A desk member's API tokens: the list (with last use), a new token (its secret shown once, on
the page answering the POST, never in a URL or a message), and revoking one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens
from api.models import ApiToken, Scope
from claims import permissions
from claims.forms import DeskForm
from foundation.requests import DeskRequest

MAX_TOKENS = 20


class TokenForm(DeskForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What uses it, e.g. 'newsroom CMS'."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )


@require_http_methods(["GET", "POST"])
def token_list(request: DeskRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    mine = ApiToken.objects.filter(owner=request.user.pk)
    form = TokenForm(request.POST if request.method == "POST" else None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        if mine.filter(revoked_at__isnull=True).count() >= MAX_TOKENS:
            form.add_error(
                None, _("At most %(n)d active tokens: revoke one first.") % {"n": MAX_TOKENS}
            )
        else:
            created, secret = tokens.token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"tokens": mine, "form": form, "created": created, "secret": secret},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: DeskRequest, pk: int) -> HttpResponse:
    permissions.require_desk_member(request.user)
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user.pk)
    tokens.token_revoke(actor=request.user, token_id=token.pk)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")
