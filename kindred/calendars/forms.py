from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALL_DAY_HELP = gettext_lazy("Leave, travel and other all-day events make the whole day busy.")
WRITE_LABEL = gettext_lazy("Put my Kindred meetings in this calendar")
WRITE_HELP = gettext_lazy(
    "Kindred adds each meeting (tentative until confirmed), moves it when it moves and takes "
    "it out when it is cancelled, so you need not accept the e-mailed invitations."
)


class IcsForm(forms.Form):
    name = forms.CharField(max_length=80, initial=gettext_lazy("Work calendar"))
    url = forms.CharField(
        label=gettext_lazy("Secret calendar address"),
        max_length=2000,
        help_text=gettext_lazy(
            "The private iCal address (https:// or webcal://) your calendar shares: Google's "
            "“Secret address in iCal format”, Outlook's published ICS link, iCloud's public "
            "calendar link, Fastmail's or Nextcloud's."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    all_day_blocks = forms.BooleanField(
        label=gettext_lazy("All-day events block the day"), required=False, help_text=ALL_DAY_HELP
    )


class CaldavForm(forms.Form):
    name = forms.CharField(max_length=80, initial=gettext_lazy("CalDAV calendar"))
    url = forms.CharField(
        label=gettext_lazy("CalDAV address"),
        max_length=2000,
        help_text=gettext_lazy("The server's CalDAV address (the account, or one calendar in it)."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    username = forms.CharField(label=gettext_lazy("User name"), max_length=200)
    password = forms.CharField(
        label=gettext_lazy("App password"),
        max_length=500,
        help_text=gettext_lazy(
            "Make an app password for Kindred in your account's security settings: never give"
            " your main password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    all_day_blocks = forms.BooleanField(
        label=gettext_lazy("All-day events block the day"), required=False, help_text=ALL_DAY_HELP
    )
    write_meetings = forms.BooleanField(label=WRITE_LABEL, required=False, help_text=WRITE_HELP)


class ConnectionForm(forms.Form):
    name = forms.CharField(max_length=80)
    all_day_blocks = forms.BooleanField(
        label=gettext_lazy("All-day events block the day"), required=False, help_text=ALL_DAY_HELP
    )
    write_meetings = forms.BooleanField(label=WRITE_LABEL, required=False, help_text=WRITE_HELP)

    def __init__(
        self, *args: Any, writable: bool, calendars: list[dict[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not writable:  # a calendar address is read-only
            del self.fields["write_meetings"]
        elif len(calendars) > 1:  # an account with several: which one
            self.fields["write_to"] = forms.ChoiceField(
                label=_("Put them in"),
                choices=[(c["url"], c["name"]) for c in calendars],
                required=False,
                help_text=_("Which of the account's calendars holds your Kindred meetings."),
            )


class PersonalRoomForm(forms.Form):
    personal_room_url = forms.CharField(
        label=gettext_lazy("Your video room"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "Your personal Zoom, Microsoft Teams or Google Meet link. Programmes that meet in"
            " the mentor's room put it in every invitation."
        ),
        widget=forms.URLInput(
            attrs={"placeholder": gettext_lazy("https://meet.google.com/abc-defg-hij")}
        ),
    )
