from __future__ import annotations

from typing import Any

import requests
from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.identity.adapters.oidc import discovery_problem
from kindred.identity.adapters.saml import metadata_problem
from kindred.identity.models import IdentityProvider, RosterSync, ScimGroup
from kindred.identity.roster_source import source_problem
from kindred.programs.models import Programme, Role

LINES_HELP = gettext_lazy("One per line.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProviderForm(forms.ModelForm):
    """What every protocol shares: the button's name, who may come in, and
    what their groups make them."""

    domains = forms.CharField(
        label=gettext_lazy("E-mail domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "The domains this provider speaks for, one per line (example.com). "
            "Empty: any address the provider has verified."
        ),
    )
    admins = forms.CharField(
        label=gettext_lazy("Organisation admin groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Groups whose members are organisation admins, one per line. Empty: "
            "the provider does not decide who is an admin."
        ),
    )
    programmes = forms.CharField(
        label=gettext_lazy("Programme groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One per line: group, programme address, role (mentor or mentee), e.g. "
            "“eng-mentors spring-2027 mentor”. Members join the programme at "
            "sign-in."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields: tuple[str, ...] = ("name", "slug", "enabled", "sso_only", "groups_claim")
        labels = {
            "slug": gettext_lazy("Short name"),
            "client_id": gettext_lazy("Client ID"),
            "client_secret_env": gettext_lazy("Or: environment variable with the secret"),
            "sso_only": gettext_lazy("Single sign-on only"),
            "groups_claim": gettext_lazy("Groups claim"),
            "saml_metadata_url": gettext_lazy("Metadata URL"),
        }
        help_texts = {
            "slug": gettext_lazy("In the sign-in address: letters, digits and hyphens."),
        }

    COMMON_ORDER = (
        "domains", "sso_only", "groups_claim", "admins", "programmes",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.instance
        self.initial.setdefault("domains", "\n".join(provider.allowed_domains))
        self.initial.setdefault("admins", "\n".join(provider.admin_groups))
        self.initial.setdefault(
            "programmes",
            "\n".join(
                f"{m['group']} {m['programme']} {m['role']}" for m in provider.programme_groups
            ),
        )

    def clean_domains(self) -> list[str]:
        domains = [d.lower().lstrip("@") for d in _lines(self.cleaned_data["domains"])]
        for domain in domains:
            try:
                validate_email(f"someone@{domain}")
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("“%(domain)s” is not an e-mail domain.") % {"domain": domain}
                ) from exc
        return domains

    def clean_admins(self) -> list[str]:
        return _lines(self.cleaned_data["admins"])

    def clean_programmes(self) -> list[dict[str, str]]:
        mappings = []
        known = set(Programme.objects.values_list("slug", flat=True))
        for line in _lines(self.cleaned_data["programmes"]):
            parts = line.split()
            if len(parts) != 3:
                raise forms.ValidationError(
                    _("“%(line)s”: give a group, a programme and a role.") % {"line": line}
                )
            group, programme, role = parts
            if programme not in known:
                raise forms.ValidationError(
                    _("“%(line)s”: there is no programme “%(programme)s”.")
                    % {"line": line, "programme": programme}
                )
            if role not in Role.values:
                raise forms.ValidationError(
                    _("“%(line)s”: the role is mentor or mentee.") % {"line": line}
                )
            mappings.append({"group": group, "programme": programme, "role": role})
        return mappings

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sso_only") and not data.get("domains"):
            self.add_error("sso_only", _("Single sign-on only needs the domains it applies to."))
        return data

    def provider(self) -> IdentityProvider:
        """The provider as entered, unsaved (identity.services writes it)."""
        provider = self.instance
        provider.allowed_domains = self.cleaned_data["domains"]
        provider.admin_groups = self.cleaned_data["admins"]
        provider.programme_groups = self.cleaned_data["programmes"]
        return provider


class OpenIDProviderForm(ProviderForm):
    discovery_url = forms.URLField(
        label=gettext_lazy("Discovery URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("The issuer's /.well-known/openid-configuration."),
    )
    client_secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("Stored encrypted. Leave empty to keep the stored secret."),
    )

    class Meta(ProviderForm.Meta):
        fields = (
            *ProviderForm.Meta.fields,
            "discovery_url",
            "client_id",
            "client_secret_env",
            "scopes",
        )

    field_order = (
        "name", "slug", "enabled", "discovery_url", "client_id", "client_secret",
        "client_secret_env", "scopes", *ProviderForm.COMMON_ORDER,
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client_id"].required = True

    def clean_discovery_url(self) -> str:
        url = str(self.cleaned_data["discovery_url"])
        problem = discovery_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_secret = (
            data.get("client_secret")
            or data.get("client_secret_env")
            or self.instance.client_secret_encrypted
        )
        if not has_secret:
            self.add_error(
                "client_secret", _("Give the client secret, or the variable that holds it.")
            )
        return data


class SamlProviderForm(ProviderForm):
    metadata_file = forms.FileField(
        label=gettext_lazy("Metadata file"),
        required=False,
        help_text=gettext_lazy(
            "The provider's federation metadata XML. Or give its address below."
        ),
    )
    saml_metadata_url = forms.URLField(
        label=gettext_lazy("Metadata URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Read when you save; save again to read it anew."),
    )

    class Meta(ProviderForm.Meta):
        fields = (*ProviderForm.Meta.fields, "saml_metadata_url")

    field_order = (
        "name", "slug", "enabled", "metadata_file", "saml_metadata_url",
        *ProviderForm.COMMON_ORDER,
    )  # fmt: skip

    MAX_METADATA_BYTES = 1_000_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].help_text = gettext_lazy(
            "The domains this provider speaks for, one per line (example.com): "
            "SAML signs in addresses of these domains only."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        xml = self._metadata(data)
        if xml is None:
            return data
        problem = metadata_problem(xml)
        if problem:
            self.add_error(
                "metadata_file" if data.get("metadata_file") else "saml_metadata_url", problem
            )
        else:
            self.instance.saml_metadata_xml = xml
        if not data.get("domains"):
            # SAML says nothing of whether an address is verified: the
            # domains the provider speaks for are what make it trusted.
            self.add_error("domains", _("SAML needs the e-mail domains this provider speaks for."))
        return data

    def _metadata(self, data: dict[str, Any]) -> str | None:
        upload = data.get("metadata_file")
        if upload:
            raw = upload.read(self.MAX_METADATA_BYTES + 1)
            if len(raw) > self.MAX_METADATA_BYTES:
                self.add_error("metadata_file", _("Metadata files are at most 1 MB."))
                return None
            try:
                return str(raw.decode("utf-8"))
            except UnicodeDecodeError:
                self.add_error("metadata_file", _("The metadata file is not UTF-8 XML."))
                return None
        url = data.get("saml_metadata_url")
        if url:
            try:
                response = requests.get(url, timeout=10)
                response.raise_for_status()
            except requests.RequestException as exc:
                self.add_error(
                    "saml_metadata_url",
                    _("The metadata could not be read (%(error)s).")
                    % {"error": type(exc).__name__},
                )
                return None
            return response.text
        if not self.instance.saml_metadata_xml:
            self.add_error(
                "metadata_file", _("Upload the provider's metadata, or give its address.")
            )
        return None


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        help_text=gettext_lazy("Which directory uses it, e.g. “Entra ID provisioning”."),
    )


class GroupMappingForm(forms.Form):
    """What membership of a directory group grants in Kindred."""

    grants = forms.ChoiceField(
        label=gettext_lazy("Members become"),
        choices=ScimGroup.Grant.choices,
        required=False,
        help_text=gettext_lazy(
            "Mentors and mentees are enrolled when they join the group and stay "
            "enrolled if they leave it; admins and managers lose the role when "
            "they leave."
        ),
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Choose a programme"),
        help_text=gettext_lazy("For a manager, mentor or mentee group: the programme it is for."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("grants") in ScimGroup.PROGRAMME_GRANTS and not cleaned.get("programme"):
            self.add_error("programme", _("Choose the programme this group's members join."))
        return cleaned


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The organisation's full roster (CSV or Excel)"),
        help_text=gettext_lazy(
            "Everyone employed, in the people import's columns, with the role "
            "column empty or absent. You see who would leave before anything "
            "changes."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.txt,.xlsx"}),
    )


class RosterSyncForm(forms.ModelForm):
    class Meta:
        model = RosterSync
        fields = ("source", "enabled", "every_hours", "max_leavers_percent")
        labels = {
            "source": gettext_lazy("Where to fetch the roster"),
            "enabled": gettext_lazy("Pull it on a schedule"),
            "every_hours": gettext_lazy("Every (hours)"),
            "max_leavers_percent": gettext_lazy(
                "Most leavers a pull may deactivate, as a percentage of people"
            ),
        }

    def clean_source(self) -> str:
        source = str(self.cleaned_data.get("source", "")).strip()
        problem = source_problem(source) if source else None
        if problem:
            raise forms.ValidationError(str(problem))
        return source

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("enabled") and not cleaned.get("source"):
            self.add_error("source", _("Say where to fetch the roster from, or turn the pull off."))
        return cleaned


def form_for(kind: str) -> type[ProviderForm]:
    return SamlProviderForm if kind == IdentityProvider.Kind.SAML else OpenIDProviderForm
