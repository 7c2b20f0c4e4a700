from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from kindred.accounts.models import User
from kindred.lib.text import validate_single_line


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class SetPasswordEmailForm(auth_forms.PasswordResetForm):
    """Password reset that also reaches people an HR import created without a
    password, so "forgot your password" doubles as "set your password"."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email=email.strip().lower(), is_active=True))


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, validators=[validate_single_line]
    )
    email = forms.EmailField(
        label="Work e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=128,
        help_text="At least 10 characters, not a common password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=80, help_text="For example: HR sync, Slack bot."
    )


class EraseForm(forms.Form):
    """Erasure cannot be undone, so the admin types the address to confirm."""

    confirm_email = forms.EmailField(label="Type the person's e-mail address to confirm")

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if typed != self.person.email:
            raise forms.ValidationError("That is not this person's e-mail address.")
        return typed
