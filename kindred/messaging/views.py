from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kindred.lib.errors import DomainError
from kindred.lib.forms import add_domain_error
from kindred.lib.http import authenticated_user, is_htmx, posted
from kindred.messaging import selectors, services
from kindred.messaging.forms import MessageForm
from kindred.relationships.selectors import partner_of, relationship_for_pair

TEMPLATE = "messaging/thread.html"


@login_required
def thread(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The pair's thread. HTMX posts a message and polls for new ones; each
    answer is the thread partial, and reading it marks it read."""
    user = authenticated_user(request)
    # A message's e-mail waits out the partner's boundaries, read from their
    # profile: a post reads both profiles with the relationship (polls never).
    posting = request.method == "POST"
    relationship = relationship_for_pair(user, relationship_id, with_profiles=posting)
    form, sent = MessageForm(posted(request)), False
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                actor=user, relationship=relationship, body=form.cleaned_data["body"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if not is_htmx(request):
                return redirect("messaging:thread", relationship_id=relationship.pk)
            form = MessageForm()
            sent = True
    if not sent:  # sending marked the thread read already
        services.thread_mark_read(actor=user, relationship=relationship)
    context = {
        "relationship": relationship,
        "thread": selectors.latest_messages(relationship),
        "form": form,
        "partner": partner_of(user, relationship),
        "sent": sent,
    }
    part = ""
    if is_htmx(request):  # polling asks for the messages only, so a draft is never wiped
        part = "#messages" if request.GET.get("part") == "messages" else "#conversation"
    return render(request, TEMPLATE + part, context)
