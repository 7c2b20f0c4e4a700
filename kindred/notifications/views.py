from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, posted
from kindred.notifications import selectors, services
from kindred.notifications.forms import PreferencesForm
from kindred.notifications.kinds import KEYS, OPTIONAL


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """The person's own e-mail preferences (where List-Unsubscribe points)."""
    user = authenticated_user(request)
    wanted = [key for key in KEYS if key not in user.muted_emails]
    form = PreferencesForm(posted(request), initial={"wanted": wanted})
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: services.email_preferences_save(
                actor=user,
                muted_keys=[k for k in KEYS if k not in form.cleaned_data["wanted"]],
            ),
        )
    ):
        messages.success(request, _("Saved your e-mail preferences."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "optional": OPTIONAL})


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    """Every notification, newest first, and what became of its e-mail."""
    user = authenticated_user(request)
    page = Paginator(selectors.centre_for(user), 30).get_page(request.GET.get("page"))
    items = [(item, selectors.email_fate(item, user)) for item in page]
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "items": items, "unread": selectors.unread_count(user)},
    )


@login_required
def detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    """One notification in full (what the e-mail says)."""
    user = authenticated_user(request)
    item = selectors.notification_for(user, notification_id)
    return render(
        request,
        "notifications/detail.html",
        {"item": item, "fate": selectors.email_fate(item, user)},
    )


@require_POST
@login_required
def open_item(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go where it points."""
    user = authenticated_user(request)
    item = selectors.notification_for(user, notification_id)
    services.notifications_mark_read(actor=user, ids=[item.pk])
    return redirect(item.link or reverse("notifications:detail", args=[item.pk]))


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    marked = services.notifications_mark_read(actor=user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)s notification read.", "Marked %(count)s notifications read.", marked
        )
        % {"count": marked},
    )
    return redirect("notifications:centre")
