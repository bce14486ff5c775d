"""Exports from the claims list, with its current filters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims import permissions as claim_permissions
from foundation.htmx import htmx_fragment
from foundation.requests import DeskRequest
from reviews import exporting
from reviews.exports import stream
from reviews.models import ExportJob

FILTER_KEYS = (
    "queue",
    "q",
    "status",
    "language",
    "claimant",
    "said_by",
    "tag",
    "assignee",
    "said_from",
    "said_to",
)


@require_POST
def export_start(request: DeskRequest) -> HttpResponseBase:
    """Stream a small export at once; hand a large one to a worker and show its progress."""
    claim_permissions.require_desk_member(request.user)
    fmt = request.POST.get("format", "")
    if fmt not in stream.FORMATS:
        return render(
            request,
            "errors/error.html",
            {
                "status": 400,
                "title": _("Bad request"),
                "message": _("Choose an export format: CSV, JSON Lines or ClaimReview."),
            },
            status=400,
        )
    filters = {key: request.POST[key] for key in FILTER_KEYS if request.POST.get(key)}
    try:
        claims = exporting.filtered_claims(filters, request.user)
    except exporting.InvalidFilters as problems:
        message = _("The list's filters cannot be exported: %(problems)s") % {"problems": problems}
        context = {"status": 400, "title": _("Bad request"), "message": message}
        return render(request, "errors/error.html", context, status=400)
    if exporting.counted(claims, fmt) <= exporting.STREAM_LIMIT:
        response = StreamingHttpResponse(
            stream.export_rows(claims, fmt), content_type=stream.CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{stream.FILENAMES[fmt]}"'
        return response
    job = exporting.export_start(actor=request.user, fmt=fmt, filters=filters)
    return redirect("reviews:export", pk=job.pk)


def _job_for(request: DeskRequest, pk: int) -> ExportJob:
    claim_permissions.require_desk_member(request.user)
    job = get_object_or_404(ExportJob, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.has_perm(
        "reviews.approve_verdict"
    ):
        raise PermissionDenied(_("This export belongs to someone else."))
    return job


@require_GET
def export_status(request: DeskRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    template = "reviews/export.html#progress" if htmx_fragment(request) else "reviews/export.html"
    return render(request, template, {"job": job})


@require_GET
def export_download(request: DeskRequest, pk: int) -> HttpResponseBase:
    job = _job_for(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise PermissionDenied(_("This export is not ready."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=stream.FILENAMES[job.format],
        content_type=stream.CONTENT_TYPES[job.format],
    )
