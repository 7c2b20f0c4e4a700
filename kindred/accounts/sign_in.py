"""Signing in with a password, and a second factor where the person has
one: the password alone never makes a session for them. Organisation
admins and programme managers without one are sent to set it up before
anything else (TWO_FACTOR_REQUIRED_FOR_STAFF)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from kindred.accounts import passkeys, two_factor
from kindred.accounts.forms import EmailAuthenticationForm, SecondFactorForm
from kindred.accounts.models import User
from kindred.lib import ratelimit
from kindred.lib.errors import TooMany
from kindred.lib.http import posted

PENDING_KEY = "kindred.accounts.pending"  # password checked, second factor not yet
ENROL_KEY = "kindred.accounts.enrol"  # must set up a second factor first
PENDING_SECONDS = 5 * 60
TOO_LONG = gettext_noop("Sign in again: that sign-in took too long.")


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        person = form.get_user()
        if two_factor.has_second_factor(person):
            self.request.session[PENDING_KEY] = {
                "user": person.pk,
                "backend": person.backend,
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("accounts:second_factor")
        response = super().form_valid(form)
        if two_factor.required_for(person):
            self.request.session[ENROL_KEY] = True
            messages.info(
                self.request,
                _("Your role needs a second step at sign-in: set up an authenticator app now."),
            )
            return redirect("accounts:security")
        return response


def second_factor(request: HttpRequest) -> HttpResponse:
    person, pending = _pending_person(request)
    if person is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _(TOO_LONG))
        return redirect("accounts:login")
    form = SecondFactorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            proven = two_factor.check_code(person, form.cleaned_data["code"])
        except TooMany as exc:
            form.add_error("code", exc.message)
        else:
            if proven:
                del request.session[PENDING_KEY]
                login(request, person, backend=pending["backend"])
                return redirect(pending["next"])
            form.add_error("code", _("That code does not match."))
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "has_passkey": person.passkeys.exists()},
    )


class EnrolmentMiddleware:
    """Keeps a session that must first set up a second factor on the page
    that sets it up (and signing out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(ENROL_KEY) and request.user.is_authenticated:
            allowed = (reverse("accounts:security"), "/accounts/sign-out/", "/static/")
            if not request.path.startswith(allowed):
                return redirect("accounts:security")
        return self.get_response(request)


def _pending_person(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_KEY) or {}
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, pending
    return User.objects.filter(pk=pending.get("user", 0), is_active=True).first(), pending


@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    """What navigator.credentials.get() needs for the person half signed in."""
    person, _pending = _pending_person(request)
    if person is None:
        return JsonResponse({"error": _(TOO_LONG)}, status=400)
    return HttpResponse(
        passkeys.authentication_options(request, person), content_type="application/json"
    )


@require_POST
def passkey_verify(request: HttpRequest) -> HttpResponse:
    person, pending = _pending_person(request)
    if person is None:
        return JsonResponse({"error": _(TOO_LONG)}, status=400)
    try:
        ratelimit.hit(two_factor.CODE_ATTEMPTS, person.pk)
        passkeys.verified_passkey(request, person, json.loads(request.body or b"{}"))
    except TooMany as exc:
        return JsonResponse({"error": exc.message}, status=429)
    except (passkeys.PasskeyRefused, ValueError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    del request.session[PENDING_KEY]
    login(request, person, backend=pending["backend"])
    return JsonResponse({"redirect": pending["next"]})
