"""Mark every translated entry of the public-form languages as a machine translation.

`makemessages` (msgmerge) rebuilds extracted comments (`#.`) from the source code, which drops the
review marker the translations carry (src/schakel/locale/README.md). `make messages` runs this
afterwards so the marker survives; a test checks every translated entry has it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MARKER = "#. Machine translation, needs professional review"
LANGUAGES = ("pl", "ro", "bg", "uk")
TRANSLATED = re.compile(r'^msgstr(\[\d+\])? ".+"$', re.MULTILINE)


def mark(text: str) -> tuple[str, int]:
    header, *blocks = text.split("\n\n")
    marked = 0
    for index, block in enumerate(blocks):
        if TRANSLATED.search(block) and MARKER not in block and not block.startswith("#~"):
            blocks[index] = MARKER + "\n" + block
            marked += 1
    return "\n\n".join([header, *blocks]), marked


def main(locale_dir: Path) -> int:
    for language in LANGUAGES:
        catalogue = locale_dir / language / "LC_MESSAGES" / "django.po"
        text, marked = mark(catalogue.read_text(encoding="utf-8"))
        catalogue.write_text(text, encoding="utf-8")
        print(f"{language}: {marked} entries marked for review")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "src" / "schakel" / "locale"))
