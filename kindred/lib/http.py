from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from kindred.lib.errors import BadRequest, DomainError, Forbidden, InvalidInput, NotFound

if TYPE_CHECKING:
    from kindred.accounts.models import User


def is_htmx(request: HttpRequest) -> bool:
    """True for requests HTMX made (django-htmx sets request.htmx)."""
    return bool(getattr(request, "htmx", False))


def authenticated_user(request: HttpRequest) -> User:
    """The signed-in user, typed; views using it are behind login_required."""
    user = request.user
    if not user.is_authenticated:
        raise Forbidden(_("Please sign in."))
    return user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (`request.POST or None`
    would leave a form with nothing ticked unbound, and silently unchecked)."""
    return request.POST if request.method == "POST" else None


def uploaded_file(request: HttpRequest, field: str) -> UploadedFile:
    """The file a multipart request carries under `field`. A body that is not
    readable multipart (no boundary, cut short) is the caller's mistake:
    400, never a server error."""
    try:
        upload = request.FILES.get(field)
    except MultiPartParserError as exc:
        raise BadRequest(_("The upload could not be read: %(exc)s") % {"exc": exc}) from exc
    if upload is None:
        raise InvalidInput.on(field, _("Attach the file as multipart form data."))
    return upload


def invitation_download(ics: bytes, method: str) -> HttpResponse:
    """A meeting's calendar file as the attachment a browser saves (a
    pair's, a circle's or a booked conversation's)."""
    response = HttpResponse(ics, content_type=f"text/calendar; method={method}; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


def act_and_report(request: HttpRequest, act: Callable[[], object], done: str) -> bool:
    """Run a service for a posted form with nothing to redisplay: a refusal
    (Forbidden, NotFound) stands as the page's status; any other domain
    error is said as a message, and so is `done`. Whether it ran."""
    try:
        act()
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True
