from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from kindred.notifications.kinds import OPTIONAL


class PreferencesForm(forms.Form):
    """Ticked means: send me this kind of e-mail."""

    wanted = forms.MultipleChoiceField(
        label=gettext_lazy("E-mail me about"),
        required=False,
        choices=[(o.key, o.label) for o in OPTIONAL],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Invitations, cancellations, sign-in and safety messages always come."
        ),
    )
