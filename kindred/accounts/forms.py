from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from kindred.accounts import sign_in_rules
from kindred.accounts.messages import PasswordReset
from kindred.accounts.models import User, normalise_email
from kindred.lib.text import validate_single_line
from kindred.notifications.services import notify


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean(self) -> dict[str, Any]:
        # Before the password is checked: whether it is right is no
        # business of an address that may not use one.
        refusal = sign_in_rules.password_refusal(self.cleaned_data.get("username") or "")
        if refusal:
            raise forms.ValidationError(refusal, code="sso_only")
        return super().clean()


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetPasswordEmailForm(auth_forms.PasswordResetForm):
    """Password reset that also reaches people an HR import created without a
    password, so "forgot your password" doubles as "set your password"."""

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"])
        refusal = sign_in_rules.password_refusal(email)
        if refusal:
            raise forms.ValidationError(refusal, code="sso_only")
        return email

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email=normalise_email(email), is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox, urgent (no quiet hours), rather than over SMTP
        inside the request: the answer then takes as long for an address
        Kindred knows as for one it does not, and a slow mail server cannot
        hold the page."""
        user = context["user"]
        confirm = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        notify(
            recipient=user,
            message=PasswordReset(
                user=user.pk, link=f"{context['protocol']}://{context['domain']}{confirm}"
            ),
            key=f"password-reset:{user.pk}:{context['token']}",
            urgent=True,
            digest=False,
        )


class SignUpEmailForm(forms.Form):
    """The first step of joining through an invitation: the address that the
    confirming link is sent to."""

    email = forms.EmailField(
        label=gettext_lazy("Work e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SignUpForm(forms.Form):
    """The second step, once the e-mailed link proved the address."""

    full_name = forms.CharField(
        label=gettext_lazy("Full name"), max_length=150, validators=[validate_single_line]
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        max_length=128,
        help_text=gettext_lazy("At least 10 characters, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=80,
        help_text=gettext_lazy("For example: HR sync, Slack bot."),
    )


class EraseForm(forms.Form):
    """Erasure cannot be undone, so the admin types the address to confirm."""

    confirm_email = forms.EmailField(
        label=gettext_lazy("Type the person's e-mail address to confirm")
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if typed != self.person.email:
            raise forms.ValidationError(_("That is not this person's e-mail address."))
        return typed


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, name) for code, name in settings.LANGUAGES],
        widget=forms.RadioSelect,
        help_text=_("Pages, e-mails and calendar invitations from Kindred come in this language."),
    )
