"""Tags of the page frame (base.html)."""

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext

register = template.Library()


def _shows_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and (bool(value.non_form_errors()) or any(form.errors for form in value.forms))
    return False


def page_shows_errors(context) -> bool:
    """A form on the page (a context value, or one in a dict or list of forms) shows errors, or
    the view said so with `page_has_errors`."""
    for value in context.flatten().values():
        if _shows_errors(value):
            return True
        if isinstance(value, dict):
            items = value.values()
        elif isinstance(value, list | tuple):
            items = value
        else:
            continue
        for item in items:
            if _shows_errors(item) or isinstance(item, list | tuple) and any(_shows_errors(part) for part in item):
                return True
    return bool(context.get("page_has_errors"))


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = " ".join(self.nodelist.render(context).split())
        parts = [title, "Schakel"] if title else ["Schakel"]
        text = " - ".join(parts)
        if page_shows_errors(context):
            text = gettext("Fout: %(title)s") % {"title": text}
        return text


@register.tag
def page_title(parser, token):
    """`{% page_title %}{% block title %}{% endblock %}{% endpage_title %}`: "Inloggen - Schakel",
    "Schakel" on a page without a title, and "Fout: " in front when a form on the page shows errors
    (WCAG 2.4.2 and the error-handling pattern of NL Design System)."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


# One date style on every page: "25 nov. 2026", times "17:53" (Dutch abbreviations as the
# Taalunie writes them; other languages use Django's own abbreviated month names).
_DUTCH_MONTHS = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


def _as_local(value):
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def datum(value) -> str:
    """`{{ signal.received_at|datum }}`: "25 nov. 2026"; empty for no value."""
    import datetime

    from django.utils import dateformat
    from django.utils.translation import get_language

    if not isinstance(value, datetime.date):
        return ""
    value = _as_local(value)
    if (get_language() or "nl").startswith("nl"):
        return f"{value.day} {_DUTCH_MONTHS[value.month - 1]} {value.year}"
    return dateformat.format(value, "j M Y")


@register.filter
def datum_tijd(value) -> str:
    """`{{ event.at|datum_tijd }}`: "25 nov. 2026 17:53"."""
    import datetime

    if not isinstance(value, datetime.datetime):
        return datum(value)
    value = _as_local(value)
    return f"{datum(value)} {value:%H:%M}"


@register.filter
def named_error(error, field) -> str:
    """`{{ error|named_error:field }}`: Django's bare "Dit veld is vereist." names the field
    ("Vul ‘Gemeente’ in." / "Kies een antwoord bij ‘Hoe kwam het signaal binnen?’")."""
    from django import forms
    from django.utils.translation import get_language

    required = forms.Field.default_error_messages["required"]
    # Dutch only until the other catalogues have these sentences: elsewhere Django's own
    # translation of "This field is required." beats a Dutch sentence on a Polish page.
    if str(error) != str(required) or field is None or not (get_language() or "nl").startswith("nl"):
        return error
    label = str(getattr(field, "label", "") or "").rstrip(":")
    widget = getattr(getattr(field, "field", None), "widget", None)
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.Select | forms.CheckboxInput):
        return gettext("Kies een antwoord bij ‘%(label)s’.") % {"label": label}
    return gettext("Vul ‘%(label)s’ in.") % {"label": label}


@register.filter
def summary_label(label) -> str:
    """A label as it opens a line of an error summary: "Gemeente:", but "Hoe kwam het signaal
    binnen?" without a colon after its question mark (never "?:")."""
    text = str(label or "").strip()
    return text if text.endswith(("?", ":", "!")) else f"{text}:"
