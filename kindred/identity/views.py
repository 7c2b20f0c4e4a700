"""Signing in and out through an identity provider, and the organisation
admin's pages that configure providers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kindred.identity import selectors, services
from kindred.identity.adapters import SignInFailed, adapter_for, saml
from kindred.identity.forms import (
    GroupMappingForm,
    ProviderForm,
    RosterSyncForm,
    RosterUploadForm,
    ScimTokenForm,
    form_for,
)
from kindred.identity.models import (
    IdentityProvider,
    RosterSync,
    ScimGroup,
    ScimPerson,
    ScimToken,
)
from kindred.identity.policies import require_identity_admin
from kindred.lib.errors import DomainError, InvalidInput
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, posted

# What the session remembers of a sign-in through a provider: which one,
# and what signing out there needs.
SESSION_KEY = "kindred.identity"
NEXT_KEY = "kindred.identity.next"
BACKEND = "kindred.accounts.backends.CachedModelBackend"


def _provider(slug: str) -> IdentityProvider:
    provider = selectors.provider_for_sign_in(slug)
    if provider is None:
        raise Http404("No such identity provider.")
    return provider


def callback_url(request: HttpRequest, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(reverse("identity:callback", args=[provider.slug]))


def start(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _provider(slug)
    wanted = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        request.session[NEXT_KEY] = wanted
    try:
        return adapter_for(provider).begin(request, provider, callback_url(request, provider))
    except SignInFailed as exc:
        return _failed(request, str(exc))


# The provider posts back (SAML) from its own origin, without our CSRF
# cookie; the protocol's own state (OIDC state, SAML InResponseTo) and
# signatures are what make the answer trustworthy.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _provider(slug)
    try:
        assertion = adapter_for(provider).finish(request, provider, callback_url(request, provider))
        person = services.sso_sign_in(provider=provider, assertion=assertion)
    except SignInFailed as exc:
        return _failed(request, str(exc))
    after = request.session.pop(NEXT_KEY, "") or reverse(settings.LOGIN_REDIRECT_URL)
    login(request, person, backend=BACKEND)
    request.session[SESSION_KEY] = {"provider": provider.slug, "hint": assertion.logout_hint}
    return redirect(after)


def _failed(request: HttpRequest, reason: str) -> HttpResponse:
    messages.error(request, reason)
    return redirect("accounts:login")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the Kindred session; where the person came through a provider
    that can sign them out too, offer it rather than do it unasked (they
    may be using it for their e-mail in another tab)."""
    remembered = request.session.get(SESSION_KEY) or {}
    logout(request)
    provider = selectors.provider_for_sign_in(remembered.get("provider", ""))
    if provider is not None:
        back = request.build_absolute_uri(reverse("accounts:login"))
        there = adapter_for(provider).logout_url(provider, remembered.get("hint", {}), back)
        if there:
            return render(
                request, "identity/signed_out.html", {"provider": provider, "logout_url": there}
            )
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- configuring providers (organisation admins) ----------------------------


@login_required
def providers(request: HttpRequest) -> HttpResponse:
    actor = authenticated_user(request)
    require_identity_admin(actor)
    return render(
        request,
        "identity/providers.html",
        {"providers": IdentityProvider.objects.order_by("name")},
    )


@login_required
def provider_edit(request: HttpRequest, provider_id: int | None = None) -> HttpResponse:
    actor = authenticated_user(request)
    require_identity_admin(actor)
    provider = (
        get_object_or_404(IdentityProvider, pk=provider_id)
        if provider_id
        else IdentityProvider(kind=_kind_asked(request))
    )
    form = form_for(provider.kind)(
        posted(request), request.FILES if request.method == "POST" else None, instance=provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.provider_save(
                actor=actor,
                provider=form.provider(),
                client_secret=form.cleaned_data.get("client_secret", ""),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("identity:provider", saved.pk)
    return render(request, "identity/provider_edit.html", _edit_context(request, form, provider))


def _kind_asked(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in IdentityProvider.Kind.values else IdentityProvider.Kind.OIDC


def _edit_context(
    request: HttpRequest, form: ProviderForm, provider: IdentityProvider
) -> dict[str, Any]:
    return {
        "form": form,
        "provider": provider,
        "redirect_uri": callback_url(request, provider) if provider.pk else "",
        "entity_id": saml.entity_id(request, provider) if provider.pk else "",
    }


def saml_metadata(request: HttpRequest, slug: str) -> HttpResponse:
    """Kindred's SAML service-provider metadata for this provider: what its
    admin uploads at the identity provider (also Kindred's entity ID)."""
    provider = _provider(slug)
    if not provider.is_saml:
        raise Http404("This provider does not use SAML.")
    try:
        xml = saml.metadata_xml(request, provider)
    except SignInFailed as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain")
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@login_required
@require_POST
def provider_delete(request: HttpRequest, provider_id: int) -> HttpResponse:
    services.provider_delete(actor=authenticated_user(request), provider_id=provider_id)
    messages.success(
        request, _("Removed the identity provider. People linked to it sign in another way.")
    )
    return redirect("identity:providers")


@login_required
def scim_tokens(request: HttpRequest) -> HttpResponse:
    """Provisioning: the SCIM address and the tokens the directory uses."""
    actor = authenticated_user(request)
    require_identity_admin(actor)
    form = ScimTokenForm(posted(request))
    new_token = ""
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.scim_token_create(actor=actor, name=form.cleaned_data["name"])
        form = ScimTokenForm()
    return render(
        request,
        "identity/scim_tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ScimToken.objects.select_related("created_by"),
            "base_url": request.build_absolute_uri("/scim/v2"),
            "provisioned": ScimPerson.objects.count(),
            "groups": selectors.directory_groups(),
        },
    )


@login_required
@require_POST
def scim_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    services.scim_token_revoke(actor=authenticated_user(request), token_id=token_id)
    messages.success(request, _("Revoked. The directory can no longer provision with that token."))
    return redirect("identity:scim_tokens")


@login_required
def scim_group(request: HttpRequest, group_id: int) -> HttpResponse:
    """What one directory group grants, set by an organisation admin."""
    actor = authenticated_user(request)
    require_identity_admin(actor)
    group = get_object_or_404(ScimGroup.objects.select_related("programme"), pk=group_id)
    initial = {"grants": group.grants, "programme": group.programme}
    form = GroupMappingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.scim_group_map(
            actor=actor,
            group_id=group.pk,
            grants=form.cleaned_data["grants"],
            programme=form.cleaned_data["programme"],
        )
        messages.success(
            request,
            _("Saved what “%(display_name)s” grants.") % {"display_name": group.display_name},
        )
        return redirect("identity:scim_tokens")
    members = group.members.select_related("user").order_by("user__full_name")
    return render(
        request,
        "identity/scim_group.html",
        {"group": group, "form": form, "members": members[:MEMBERS_SHOWN],
         "member_count": members.count()},
    )  # fmt: skip


MEMBERS_SHOWN = 100


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Roster sync: upload the organisation's full roster (previewed before
    anyone leaves), or set where a scheduled pull fetches it."""
    actor = authenticated_user(request)
    require_identity_admin(actor)
    upload_form = RosterUploadForm(posted(request), request.FILES or None)
    problems: list[dict[str, Any]] = []
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            if upload.size > settings.KINDRED_IMPORT_MAX_BYTES:
                raise InvalidInput(_("The file is larger than 8 MB."))
            made = services.roster_upload(actor=actor, data=upload.read(), filename=upload.name)
        except DomainError as exc:
            add_domain_error(upload_form, exc)
            problems, status = [dict(e) for e in exc.errors][:500], exc.status
        else:
            return redirect("identity:roster_preview", made.pk)
    sync = RosterSync.objects.select_related("acting_as").first()
    context = {
        "upload_form": upload_form,
        "sync_form": RosterSyncForm(instance=sync),
        "sync": sync,
        "problems": problems,
    }
    return render(request, "identity/roster.html", context, status=status)


@login_required
@require_POST
def roster_settings(request: HttpRequest) -> HttpResponse:
    actor = authenticated_user(request)
    require_identity_admin(actor)
    sync = RosterSync.objects.first()
    form = RosterSyncForm(request.POST, instance=sync)
    if form.is_valid():
        services.roster_sync_configure(actor=actor, **form.cleaned_data)
        messages.success(request, _("Saved the roster sync. It acts as you from now on."))
        return redirect("identity:roster")
    context = {"upload_form": RosterUploadForm(), "sync_form": form, "sync": sync}
    return render(request, "identity/roster.html", context, status=422)


@login_required
@require_POST
def roster_run(request: HttpRequest) -> HttpResponse:
    require_identity_admin(authenticated_user(request))
    ran = services.roster_sync_run(force=True)
    if ran is None:
        messages.error(request, _("Say where to fetch the roster from first."))
    elif ran.last_outcome == RosterSync.Outcome.DONE:
        messages.success(request, ran.message_words)
    else:
        messages.error(request, ran.message_words)
    return redirect("identity:roster")


@login_required
def roster_preview(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Who a roster upload adds and who it deactivates; confirmed here."""
    actor = authenticated_user(request)
    if request.method == "POST":
        try:
            result = services.roster_confirm(
                actor=actor, upload_id=upload_id, leavers_seen=_number(request.POST, "leavers")
            )
        except DomainError as exc:
            messages.error(request, exc.with_first_lines())
        else:
            messages.success(request, str(result))
            return redirect("identity:roster")
    preview = services.roster_preview(actor=actor, upload_id=upload_id)
    return render(request, "identity/roster_preview.html", {"preview": preview})


def _number(data: Any, key: str) -> int:
    try:
        return int(data.get(key, ""))
    except ValueError:
        return -1  # never a count: the confirmation is refused as stale
