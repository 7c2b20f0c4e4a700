"""A programme's own goals and skills: the vocabulary its intake offers
beside the shared one, kept by the programme's managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindred.lib.errors import DomainError
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, posted
from kindred.profiles import selectors, services
from kindred.profiles.forms import TopicForm
from kindred.programs.selectors import programme_for_manager


@login_required
def topic_list(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    form = TopicForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_add(actor=user, programme=programme, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Added to the programme's vocabulary."))
            return redirect("profiles:topics", slug=programme.slug)
    own, shared = selectors.vocabulary_of(programme)
    return render(
        request,
        "profiles/topics.html",
        {"programme": programme, "form": form, "own": own, "shared": shared},
    )


@login_required
@require_POST
def topic_toggle(request: HttpRequest, slug: str, topic_id: int) -> HttpResponse:
    user = authenticated_user(request)
    programme = programme_for_manager(user, slug)
    services.topic_set_retired(
        actor=user,
        programme=programme,
        topic_id=topic_id,
        retired=request.POST.get("retired") == "1",
    )
    return redirect("profiles:topics", slug=programme.slug)
