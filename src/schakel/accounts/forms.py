"""Forms of the login pages and of the user administration pages (input shape only)."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from .roles import Role


class LoginForm(AllauthLoginForm):
    """allauth's login form with a label that says what to type (its Dutch text is allauth's own)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Username or email")
        field.widget.attrs.pop("placeholder", None)
        field.widget.attrs["autocomplete"] = "username"
        field.widget.attrs["spellcheck"] = "false"
        field.widget.attrs["autocapitalize"] = "none"
        self.fields["password"].widget.attrs.pop("placeholder", None)


# ---------------------------------------------------------------- user administration (/beheer/)


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken op naam, gebruikersnaam of e-mailadres"), required=False, max_length=100)


class UserFieldsForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    username = forms.RegexField(
        label=_("Gebruikersnaam"), max_length=150, regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Alleen letters, cijfers en de tekens @ . + - _ zijn toegestaan.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}))
    email = forms.EmailField(label=_("E-mailadres"), help_text=_(
        "Hierop komt de link om een wachtwoord in te stellen; inloggen via de eigen organisatie (SSO) gebruikt "
        "ook dit adres."))


class UserCreateForm(UserFieldsForm):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=None, empty_label=_("Kies een organisatie"))
    role = forms.ChoiceField(label=_("Rol"), choices=[("", _("Kies een rol")), *Role.choices])
    is_service_account = forms.BooleanField(
        label=_("Servicekoppeling (alleen API, geen persoon)"), required=False,
        help_text=_("Voor een systeem van een ketenpartner. Het account kan niet inloggen op de pagina's; u geeft er "
                    "daarna een API-sleutel voor uit."))
    initial_password = forms.CharField(
        label=_("Eerste wachtwoord"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leeg laten (aangeraden): u krijgt een link die één keer werkt, waarmee de gebruiker zelf een "
                    "wachtwoord kiest. ") + " ".join(str(text) for text in password_validators_help_texts()))

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MembershipFieldsForm(forms.Form):
    acts_for = forms.ModelMultipleChoiceField(
        label=_("Werkt voor gemeenten"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor een regionale aandachtsfunctionaris: de gemeenten van de regio waarvoor hij of zij werkt. "
                    "Leeg: de gemeente van de organisatie."))
    backup = forms.ModelChoiceField(
        label=_("Vervanger"), queryset=None, required=False, empty_label=_("Geen vervanger"),
        help_text=_("Een collega met dezelfde rol bij dezelfde organisatie; krijgt nieuwe signalen bij afwezigheid."))
    absent = forms.BooleanField(label=_("Afwezig"), required=False,
                                help_text=_("Nieuwe signalen gaan dan naar de vervanger."))

    def __init__(self, *args, municipalities, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["acts_for"].queryset = municipalities
        self.fields["backup"].queryset = colleagues


class MembershipCreateForm(MembershipFieldsForm):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=None, empty_label=_("Kies een organisatie"))
    role = forms.ChoiceField(label=_("Rol"), choices=[("", _("Kies een rol")), *Role.choices])
    field_order = ["organisation", "role", "acts_for", "backup", "absent"]

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MembershipEditForm(MembershipFieldsForm):
    active = forms.BooleanField(label=_("Rol actief"), required=False,
                                help_text=_("Uitvinken trekt deze rol in; de gebruiker houdt zijn andere rollen."))


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reden (voor het toegangslog)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=_("Ja, deactiveer deze gebruiker nu"), error_messages={
        "required": _("Vink aan dat u deze gebruiker wilt deactiveren.")})


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Toelichting (verplicht bij afwijzen; voor het toegangslog)"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
