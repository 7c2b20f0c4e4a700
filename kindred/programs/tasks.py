"""Background work for programmes, run by `manage.py db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from kindred.programs.models import Membership


@task()
def send_enrolment_welcome(membership_id: int) -> bool:
    """Tell a new participant what happens next. Returns False when the
    membership disappeared before the worker got to it."""
    membership = (
        Membership.objects.select_related("user", "programme").filter(pk=membership_id).first()
    )
    if membership is None:
        return False
    context = {
        "membership": membership,
        "intake_url": settings.KINDRED_BASE_URL + reverse("profiles:intake"),
    }
    send_mail(
        subject=f"Welcome to {membership.programme.name}",
        message=render_to_string("programs/email/welcome.txt", context),
        from_email=None,
        recipient_list=[membership.user.email],
    )
    return True
