"""Query filters of the signals API, through django-filter (issue 11): one declaration that both
filters and validates; an unknown value is a 400 problem naming the parameter."""

from __future__ import annotations

import django_filters

from .models import Channel, Signal, SignalStatus


class SignalListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SignalStatus.choices, help_text="Alleen signalen met deze status.")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, help_text="Alleen signalen uit dit kanaal.")

    class Meta:
        model = Signal
        fields = ["status", "channel"]


def filtered(queryset, query_params):
    """`queryset` narrowed by the request's filters; a ValidationError per bad parameter otherwise."""
    from rest_framework import exceptions

    filterset = SignalListFilter(data=query_params, queryset=queryset)
    if not filterset.is_valid():
        raise exceptions.ValidationError({name: [str(error) for error in errors]
                                          for name, errors in filterset.errors.items()})
    return filterset.qs
