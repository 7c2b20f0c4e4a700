"""The subscription address: its owner's page (make, replace, revoke), and
the address itself, which a calendar fetches with no sign-in (the
unguessable token is the key; a wrong one is "not found")."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kindred.lib.http import authenticated_user
from kindred.lib.sealing import CannotUnseal, unseal
from kindred.meetings import services
from kindred.meetings.feed import feed_for_token, feed_ics
from kindred.meetings.models import CalendarFeed
from kindred.notifications.messages import language_of


@login_required
def feed_page(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    feed = CalendarFeed.objects.filter(person=person).first()
    address = ""
    if feed is not None:
        try:
            address = _address(request, unseal(feed.token_sealed))
        except CannotUnseal:
            feed = None  # the deployment's key changed: make a new address
    return render(
        request,
        "meetings/feed.html",
        {"feed": feed, "address": address, "webcal": address.replace("https://", "webcal://", 1)
         .replace("http://", "webcal://", 1)},
    )  # fmt: skip


def _address(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("feed:ics", args=[token]))


@login_required
@require_POST
def feed_make(request: HttpRequest) -> HttpResponse:
    had = CalendarFeed.objects.filter(person=authenticated_user(request)).exists()
    services.calendar_feed_make(actor=authenticated_user(request))
    messages.success(
        request,
        _("Made a new address: calendars subscribed to the old one get nothing more.")
        if had
        else _("Made your address: add it to your calendar below."),
    )
    return redirect("feed:page")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_revoke(actor=authenticated_user(request))
    messages.success(request, _("Stopped the address. Remove the subscription from your calendar."))
    return redirect("feed:page")


@require_safe
def feed_file(request: HttpRequest, token: str) -> HttpResponse:
    feed = feed_for_token(token)
    if feed is None or not feed.person.is_active:
        raise Http404("No such calendar.")
    now = timezone.now()
    # Calendar apps fetch this with no session: the feed is in its owner's language.
    with translation.override(language_of(feed.person)):
        body = feed_ics(feed.person, now=now)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="kindred.ics"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=900"
    return response
