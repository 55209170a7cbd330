"""A date field as the browser's date picker: its value must be ISO (yyyy-mm-dd), whatever the locale."""

from functools import partial

from django import forms

DATE_WIDGET = partial(forms.DateInput, attrs={"type": "date"}, format="%Y-%m-%d")
