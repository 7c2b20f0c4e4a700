from django import forms
from django.utils.translation import gettext_lazy

from kindred.messaging.services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MAX_BODY,
        # After a message is sent in place, focus comes back here (kindred.js).
        widget=forms.Textarea(attrs={"rows": 3, "data-focus": ""}),
    )
