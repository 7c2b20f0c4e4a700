from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from kindred.accounts.models import User


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
    full_name = forms.CharField(label="Full name", max_length=150)
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
