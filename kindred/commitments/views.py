from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.commitments import services
from kindred.commitments.forms import CommitmentForm, DropForm
from kindred.commitments.selectors import meetings_to_link
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user
from kindred.relationships.selectors import relationship_for_pair


def _back(relationship_id: int) -> HttpResponse:
    return redirect(
        "pages:relationship_section", relationship_id=relationship_id, name="commitments"
    )


@login_required
@require_POST
def add(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    form = CommitmentForm(
        request.POST,
        relationship=relationship,
        meetings=meetings_to_link(relationship, now=timezone.now()),
    )
    # A form with errors comes back as it was typed, its errors listed at the top.
    if form.is_valid() and saved(
        form,
        lambda: services.commitment_add(
            actor=user,
            relationship=relationship,
            text=form.cleaned_data["text"],
            owner_id=form.cleaned_data["owner"],
            due_date=form.cleaned_data["due_date"],
            meeting_id=form.cleaned_data["meeting"],
        ),
    ):
        messages.success(request, _("Added to your commitments."))
        return _back(relationship.pk)
    context = {"relationship": relationship, "commitment_form": form}
    return render(request, "commitments/add.html", context, status=400)


@login_required
@require_POST
def done(request: HttpRequest, relationship_id: int, commitment_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    commitment = services.commitment_complete(
        actor=user, relationship=relationship, commitment_id=commitment_id
    )
    messages.success(
        request,
        _("Done, before any reminder: that is follow-through.")
        if not commitment.prompted
        else _("Marked done."),
    )
    return _back(relationship.pk)


@login_required
@require_POST
def drop(request: HttpRequest, relationship_id: int, commitment_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    form = DropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say briefly why it is dropped."))
        return _back(relationship.pk)
    services.commitment_drop(
        actor=user,
        relationship=relationship,
        commitment_id=commitment_id,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Dropped, with your reason noted."))
    return _back(relationship.pk)
