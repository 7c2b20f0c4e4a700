from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from kindred.audit import selectors
from kindred.audit.models import AuditEvent
from kindred.lib.http import authenticated_user

EVENTS_PER_PAGE = 100


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        choices=[("", gettext_lazy("Everything")), *AuditEvent.Action.choices],
        required=False,
    )
    person = forms.CharField(
        label=gettext_lazy("Person (name or e-mail)"), max_length=100, required=False
    )


@login_required
def log(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    selectors.require_org_admin(user)
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(
        user, action=filters.get("action", ""), person=filters.get("person", "")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
