from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from kindred.accounts.forms import SignUpEmailForm, SignUpForm
from kindred.accounts.models import User
from kindred.lib import ratelimit
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, InvalidInput, NotFound
from kindred.lib.forms import add_domain_error, attempt
from kindred.lib.http import authenticated_user, is_htmx, posted
from kindred.lib.links import absolute_url
from kindred.lib.programme_texts import save_translations, texts_of
from kindred.programs import selectors, services
from kindred.programs.forms import (
    EmailInvitationForm,
    FirstPasswordForm,
    ImportForm,
    InvitationForm,
    ParticipantFilterForm,
    ProgrammeForm,
    TranslationsForm,
)
from kindred.programs.models import Invitation, Programme, Role
from kindred.programs.policies import require_org_admin

PARTICIPANTS_PER_PAGE = 25


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    programmes = selectors.programmes_with_counts(selectors.programmes_visible_to(user))
    return render(request, "programs/programme_list.html", {"programmes": programmes})


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    require_org_admin(user, gettext_noop("create programmes"))  # before showing the form, too
    form = ProgrammeForm(posted(request), can_appoint=True)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=user, data=form.cleaned_data, managers=form.cleaned_data["manager_emails"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Created %(name)s.") % {"name": programme.name})
            return redirect("pages:programme", slug=programme.slug)
    return render(request, "programs/programme_form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    form = ProgrammeForm(posted(request), instance=programme, can_appoint=user.is_org_admin)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                actor=user,
                programme=programme,
                data=form.cleaned_data,
                managers=form.cleaned_data.get("manager_emails"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved the programme."))
            return redirect("pages:programme", slug=programme.slug)
    return render(request, "programs/programme_form.html", {"form": form, "programme": programme})


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_manager(authenticated_user(request), slug)
    filters = ParticipantFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    memberships = selectors.participants(
        programme,
        search=criteria.get("q", ""),
        role=criteria.get("role", ""),
        intake=criteria.get("intake", ""),
        signed_in=criteria.get("signed_in", ""),
    )
    page = Paginator(memberships, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "programs/participant_list.html"
    if is_htmx(request):
        template += "#results"
    return render(
        request,
        template,
        {
            "programme": programme,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "roles": Role.choices,
        },
    )


@login_required
def people_import(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    form = ImportForm(posted(request), request.FILES or None)
    problems: list[dict[str, object]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.KINDRED_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is larger than 8 MB; split it into parts."))
        else:
            try:
                summary = services.people_import(
                    actor=user, programme=programme, data=upload.read(), filename=upload.name
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                problems = [dict(e) for e in exc.errors]
                status = exc.status
            else:
                messages.success(
                    request,
                    " ".join(
                        [
                            *summary.notes,
                            ngettext(
                                "Imported %(rows)s person: %(created)s new, %(updated)s "
                                "updated, %(enrolled)s newly enrolled, %(changes)s role "
                                "changes.",
                                "Imported %(rows)s people: %(created)s new, %(updated)s "
                                "updated, %(enrolled)s newly enrolled, %(changes)s role "
                                "changes.",
                                summary.rows,
                            )
                            % {
                                "rows": summary.rows,
                                "created": summary.created,
                                "updated": summary.updated,
                                "enrolled": summary.enrolled,
                                "changes": summary.role_changes,
                            },
                        ]
                    ),
                )
                return redirect("programs:participants", slug=programme.slug)
    return render(
        request,
        "programs/import.html",
        {
            "programme": programme,
            "form": form,
            "problems": problems[:500],
            "more_problems": max(0, len(problems) - 500),
        },
        status=status,
    )


@login_required
def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.invitation_create(actor=user, programme=programme, **form.cleaned_data)
        messages.success(request, _("Created an invitation link. Copy it from the list below."))
        return redirect("programs:invitations", slug=programme.slug)
    invitations = selectors.invitations_of(programme)
    links = [
        (invitation, absolute_url("invitation", invitation.token)) for invitation in invitations
    ]
    return render(
        request,
        "programs/invitations.html",
        {
            "programme": programme,
            "form": form,
            "links": links,
            "email_form": EmailInvitationForm(auto_id="email-%s"),  # beside the link form
            "emailed": selectors.email_invitations_of(programme)[:200],
            "imported_waiting": selectors.imported_never_signed_in(programme),
        },
    )


@login_required
@require_POST
def email_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite people by e-mail: typed addresses, or everyone imported who has
    never signed in."""
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    if "imported" in request.POST:
        sent = services.email_invitations_send_imported(actor=user, programme=programme)
    else:
        form = EmailInvitationForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(_("Give the addresses and the role to invite them as."))
        sent = services.email_invitations_send(
            actor=user, programme=programme, emails=form.addresses(), role=form.cleaned_data["role"]
        )
    messages.success(
        request,
        ngettext(
            "Invited %(count)s person by e-mail.", "Invited %(count)s people by e-mail.", len(sent)
        )
        % {"count": len(sent)}
        if sent
        else _("Invited nobody: everyone given was invited already or takes part."),
    )
    return redirect(reverse("programs:invitations", args=[programme.slug]) + "#emailed")


def personal_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Where an e-mailed invitation lands. Following it is noted; a new
    person makes their account, an imported one chooses their password, and
    anyone with a password signs in and joins."""
    invite = selectors.email_invitation_by_token(token)
    context: dict[str, object] = {"invitation": invite}
    if not invite.is_usable():
        return render(request, "programs/personal_invitation.html", {**context, "spent": True})
    services.email_invitation_opened(invitation=invite)
    person = invite.person or selectors.account_for_email(invite.email)
    signed_in = authenticated_user(request) if request.user.is_authenticated else None
    mode = _joining_mode(person, signed_in)
    form = {"new": SignUpForm, "password": FirstPasswordForm}.get(mode)
    bound = form(posted(request)) if form else None
    if request.method == "POST" and mode != "sign_in" and (bound is None or bound.is_valid()):
        fields = bound.cleaned_data if bound is not None else {}
        joined = attempt(
            bound or forms.Form(),
            lambda: services.email_invitation_join(invitation=invite, actor=signed_in, **fields),
        )
        if joined is not None:
            if signed_in is None:
                login(request, joined, backend="kindred.accounts.backends.CachedModelBackend")
            messages.success(request, _("Welcome to %(name)s!") % {"name": invite.programme.name})
            return redirect("profiles:intake")
    return render(
        request,
        "programs/personal_invitation.html",
        {**context, "mode": mode, "form": bound, "person": person, "signed_in": signed_in},
    )


def _joining_mode(person: User | None, signed_in: User | None) -> str:
    if person is None:
        return "new" if signed_in is None else "other"
    if signed_in is not None:
        return "join" if signed_in.pk == person.pk else "other"
    return "sign_in" if person.has_usable_password() else "password"


@question("revoke-invitation")
def revoke_question(invitation: Invitation, choice: str) -> Question:
    joined = invitation.use_count
    return Question(
        _("Revoke this invitation link?"),
        ngettext(
            "Anyone who has the link can no longer join with it; the %(joined)s person who "
            "already joined keeps their place.",
            "Anyone who has the link can no longer join with it; the %(joined)s people who "
            "already joined keep their place.",
            joined,
        )
        % {"joined": joined}
        if joined
        else _("Anyone who has the link can no longer join with it."),
        _("Revoke the link"),
    )


def _invitation(request: HttpRequest, slug: str, invitation_id: int) -> Invitation:
    programme = selectors.programme_for_manager(authenticated_user(request), slug)
    return selectors.invitation_of(programme, invitation_id)


@login_required
@require_POST
@asked_first("revoke-invitation", load=_invitation)
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    services.invitation_revoke(actor=user, programme=programme, invitation_id=invitation_id)
    messages.success(request, _("Revoked the invitation link."))
    return redirect("programs:invitations", slug=programme.slug)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Where an invitation link lands: a signed-in person joins with one
    click; anyone else gives their address and is e-mailed a link that
    proves it (the same answer whether or not it has an account)."""
    invite = selectors.invitation_by_token(token)
    if request.user.is_authenticated:
        return _join_with_invitation(request, invite)
    form = SignUpEmailForm(posted(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        ratelimit.hit(ratelimit.INVITATION_SIGN_UP, ratelimit.client_address(request), email)
        services.invitation_sign_up_request(invitation=invite, email=email)
        return render(request, "programs/invitation.html", {"invitation": invite, "sent_to": email})
    return render(request, "programs/invitation.html", {"invitation": invite, "form": form})


def invitation_confirm(request: HttpRequest, token: str, signed: str) -> HttpResponse:
    """The e-mailed link: the address is proved, so the account is made."""
    invite = selectors.invitation_by_token(token)
    email = selectors.invitation_sign_up_address(invitation=invite, signed=signed)
    if request.user.is_authenticated:
        return _join_with_invitation(request, invite)
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_sign_up(
                invitation=invite, signed=signed, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, membership.user, backend="kindred.accounts.backends.CachedModelBackend")
            messages.success(request, _("Welcome to %(name)s!") % {"name": invite.programme.name})
            return redirect("profiles:intake")
    return render(
        request,
        "programs/invitation_confirm.html",
        {"invitation": invite, "form": form, "email": email},
    )


def _join_with_invitation(request: HttpRequest, invite: Invitation) -> HttpResponse:
    user = authenticated_user(request)
    if request.method == "POST":
        services.invitation_accept(actor=user, invitation=invite)
        messages.success(request, _("You joined %(name)s.") % {"name": invite.programme.name})
        return redirect("profiles:intake")
    return render(
        request,
        "programs/invitation.html",
        {"invitation": invite, "membership": selectors.membership_of(user, invite.programme)},
    )


def _other_languages(programme: Programme) -> dict[str, str]:
    return {code: name for code, name in settings.LANGUAGES if code != programme.language}


@login_required
def programme_languages(request: HttpRequest, slug: str) -> HttpResponse:
    """Which of the programme's texts are given in each other language."""
    programme = selectors.programme_for_manager(authenticated_user(request), slug)
    texts = texts_of(programme)
    languages = [
        {"code": code, "name": name, "given": sum(1 for text in texts if text.given_in(code))}
        for code, name in _other_languages(programme).items()
    ]
    context = {"programme": programme, "texts": texts, "languages": languages}
    return render(request, "programs/languages.html", context)


@login_required
def programme_translations(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The programme's texts in one other language, beside the originals."""
    user = authenticated_user(request)
    programme = selectors.programme_for_manager(user, slug)
    name = _other_languages(programme).get(language)
    if name is None:
        raise NotFound(_("The programme is not translated into that language here."))
    form = TranslationsForm(texts_of(programme), language, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            save_translations(
                actor=user, programme=programme, language=language, texts=form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved the texts in %(language)s.") % {"language": name})
            return redirect("programs:languages", slug=programme.slug)
    context = {"programme": programme, "form": form, "language": language, "name": name}
    return render(request, "programs/translations.html", context)
