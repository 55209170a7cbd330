"""`make messages` keeps the review marker of machine translations (scripts/mark_machine_translations.py)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "mark_machine_translations.py"
spec = importlib.util.spec_from_file_location("mark_machine_translations", SCRIPT)
marking = importlib.util.module_from_spec(spec)
spec.loader.exec_module(marking)

CATALOGUE = '''msgid ""
msgstr ""
"Language: pl\\n"

#: signalling/forms.py:1
msgid "Naam"
msgstr "Imię"

#: signalling/forms.py:2
msgid "Alleen voor medewerkers"
msgstr ""

#: signalling/forms.py:3
msgid "Eén bestand"
msgid_plural "%(n)s bestanden"
msgstr[0] "Jeden plik"
msgstr[1] "%(n)s pliki"
'''


def test_translated_entries_get_the_review_marker_and_untranslated_ones_do_not():
    text, marked = marking.mark(CATALOGUE)
    blocks = text.split("\n\n")
    assert marked == 2
    assert blocks[1].startswith(marking.MARKER + "\n#: signalling/forms.py:1")
    assert marking.MARKER not in blocks[2]
    assert blocks[3].startswith(marking.MARKER)
    assert marking.MARKER not in blocks[0]


def test_marking_twice_changes_nothing():
    once, _ = marking.mark(CATALOGUE)
    twice, marked = marking.mark(once)
    assert (twice, marked) == (once, 0)
