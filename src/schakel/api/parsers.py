"""The API's JSON parser: any body it cannot take is a 400 problem, never a 500 or a silent guess.

On top of DRF's JSONParser it refuses
- bodies nested deeper than MAX_DEPTH (a deep body would otherwise end in a RecursionError in the
  parser, the serializers or the idempotency hash, answered as a 500);
- duplicate keys in one object (json.loads keeps the last one silently, so
  `{"municipality": "A", "municipality": "B"}` would file a signal where the sender did not look);
- NaN and Infinity (not JSON), and bytes that are not text in the declared encoding.
"""

from __future__ import annotations

import codecs
import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No valid body of this API comes close: a signal is about four levels deep.
MAX_DEPTH = 32


class DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_object(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str):
    raise ValueError(name)


def _too_deep(data, limit: int) -> bool:
    """Iteratively (no recursion of our own): is any value nested deeper than `limit`?"""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class StrictJSONParser(JSONParser):
    """JSONParser that answers 400 with a Dutch reason for every body it cannot accept."""

    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding") or "utf-8"
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("De inhoud van het verzoek is geen geldige tekst in %(encoding)s.")
                             % {"encoding": encoding})
        try:
            data = json.loads(text, object_pairs_hook=_unique_object, parse_constant=_refuse_constant)
        except DuplicateKey as exc:
            raise ParseError(_("De sleutel \u201c%(key)s\u201d komt meer dan eens voor in hetzelfde object.")
                             % {"key": exc.key[:100]})
        except RecursionError:
            raise ParseError(self._too_deep_message())
        except ValueError:
            raise ParseError(_("De inhoud van het verzoek is geen geldige JSON."))
        if _too_deep(data, self.max_depth):
            raise ParseError(self._too_deep_message())
        return data

    def _too_deep_message(self) -> str:
        return _("De inhoud van het verzoek is te diep genest (meer dan %(max)d niveaus).") % {"max": self.max_depth}

