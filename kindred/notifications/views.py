from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, posted
from kindred.notifications import services
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
        messages.success(request, "Saved your e-mail preferences.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "optional": OPTIONAL})
