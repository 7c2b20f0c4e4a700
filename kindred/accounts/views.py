from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.accounts import data_rights, passkeys, selectors, services, two_factor
from kindred.accounts.forms import EraseForm, LanguageForm, SecondFactorForm, TokenCreateForm
from kindred.accounts.models import User
from kindred.accounts.sign_in import ENROL_KEY
from kindred.lib import ratelimit
from kindred.lib.errors import DomainError, InvalidInput
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, posted


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = TokenCreateForm(posted(request))
    new_token = None
    if request.method == "POST" and form.is_valid():
        ratelimit.hit(ratelimit.TOKEN_CREATE, user.pk)
        try:
            _token, new_token = services.api_token_create(
                actor=user, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(user), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke(actor=authenticated_user(request), token_id=token_id)
    messages.success(
        request, _("Revoked the token “%(name)s”. It no longer works.") % {"name": token.name}
    )
    return redirect("accounts:tokens")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per address and per e-mail so nobody can use
    Kindred to flood an inbox or probe many accounts from one machine."""

    def form_valid(self, form: Any) -> HttpResponse:
        ratelimit.hit(
            ratelimit.PASSWORD_RESET,
            ratelimit.client_address(self.request),
            form.cleaned_data["email"],
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Following the e-mailed link proves the address is the person's: an
    account made by an unconfirmed sign-up becomes theirs to import into.
    The new password ends the old sessions and tokens (see the save signal)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk, email_verified=False).update(email_verified=True)
        return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_data.html")


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    response = JsonResponse(data_rights.person_export(user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="kindred-data-{user.pk}.json"'
    return response


@login_required
def person_erase(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = authenticated_user(request)
    person = selectors.person_to_erase(actor, person_id)
    form = EraseForm(posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        erased = data_rights.person_erase(actor=actor, person_id=person.pk)
        messages.success(
            request,
            _("Erased. The log now shows them as “%(full_name)s”.")
            % {"full_name": erased.full_name},
        )
        return redirect("audit:log")
    return render(
        request,
        "accounts/person_erase.html",
        {"person": person, "form": form, "kept": data_rights.kept_on_erasure()},
    )


SETUP_KEY = "kindred.accounts.totp_setup"  # the key being set up, until confirmed


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Sign-in security: the authenticator app, recovery codes, and the API
    tokens (which a second factor does not affect), with their last use."""
    person = authenticated_user(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    context: dict[str, Any] = {"code_form": SecondFactorForm()}
    if action == "begin":
        request.session[SETUP_KEY] = two_factor.totp_new_key()
    elif action in ("confirm", "remove", "renew"):
        context |= _security_action(request, person, action)
    secret = request.session.get(SETUP_KEY, "")
    return render(
        request,
        "accounts/security.html",
        context
        | {
            "device": two_factor.confirmed_device(person),
            "required": two_factor.required_for(person),
            "setup_key": secret,
            "setup_qr": two_factor.qr_svg(two_factor.provisioning_uri(person, secret))
            if secret
            else "",
            "recovery_left": person.recovery_codes.filter(used_at__isnull=True).count(),
            "tokens": selectors.tokens_of(person),
            "passkeys": person.passkeys.all(),
            "has_second_factor": two_factor.has_second_factor(person),
        },
    )


def _security_action(request: HttpRequest, person: User, action: str) -> dict[str, Any]:
    form = SecondFactorForm(request.POST)
    if action == "renew":
        return {"new_codes": services.recovery_codes_renew(actor=person)}
    if not form.is_valid():
        return {"code_form": form}
    code = form.cleaned_data["code"]
    try:
        if action == "remove":
            services.totp_remove(actor=person, code=code)
            messages.success(
                request, _("The authenticator app is off; sign-in asks for your password only.")
            )
            return {}
        codes = services.totp_confirm(
            actor=person, secret=request.session.get(SETUP_KEY, ""), code=code
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return {"code_form": form}
    request.session.pop(SETUP_KEY, None)
    request.session.pop(ENROL_KEY, None)
    messages.success(request, _("The authenticator app is on: sign-in will ask for a code."))
    return {"new_codes": codes}


@login_required
@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    """What navigator.credentials.create() needs to register a passkey."""
    options = passkeys.registration_options(request, authenticated_user(request))
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def passkey_add(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    try:
        sent = json.loads(request.body or b"{}")
        credential_id, public_key, count = passkeys.verified_registration(
            request, sent.get("credential")
        )
        services.passkey_add(
            actor=person,
            name=str(sent.get("name", "")),
            credential_id=credential_id,
            public_key=public_key,
            sign_count=count,
        )
    except (passkeys.PasskeyRefused, ValueError, AttributeError) as exc:
        return JsonResponse({"error": str(exc) or _("That was not a passkey.")}, status=400)
    except DomainError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    request.session.pop(ENROL_KEY, None)
    messages.success(request, _("Passkey added: sign-in can use it instead of a code."))
    return JsonResponse({"redirect": reverse("accounts:security")})


@login_required
@require_POST
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    try:
        services.passkey_remove(
            actor=authenticated_user(request),
            passkey_id=passkey_id,
            password=request.POST.get("password", ""),
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Passkey removed."))
    return redirect("accounts:security")


@login_required
def language(request: HttpRequest) -> HttpResponse:
    """The language Kindred speaks to the person in; each is named in itself,
    so someone who cannot read the current one still finds their own."""
    user = authenticated_user(request)
    form = LanguageForm(posted(request), initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        services.language_set(actor=user, language=form.cleaned_data["language"])
        translation.activate(user.language)  # the confirmation in the new language
        messages.success(request, gettext("Kindred now speaks your language."))
        return redirect("accounts:language")
    return render(request, "accounts/language.html", {"form": form})
