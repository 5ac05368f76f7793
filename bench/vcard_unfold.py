"""Unfolding a hostile vCard (issue 20): one card whose NOTE is folded over 1,500,000 lines
(6 MB), as an upload any signed-up doctor could send. vobject's ``getLogicalLines`` re-reads the
line so far at every fold (quadratic); ``contacts.importing.vcard.logical_lines`` does not.

    python -m bench.vcard_unfold
"""

from __future__ import annotations

import io
import time

COMMAND = "python -m bench.vcard_unfold"
FOLDS = 1_500_000


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netmed.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from vobject.base import getLogicalLines

    from contacts.importing import parse
    from contacts.importing.vcard import logical_lines

    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:F\r\nN:F;F;;;\r\nNOTE:x" + "\r\n y" * FOLDS
    card += "\r\nEND:VCARD\r\n"
    started = time.perf_counter()
    list(logical_lines(card))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    parse(card.encode())
    whole = time.perf_counter() - started
    small = "BEGIN:VCARD\r\nNOTE:x" + "\r\n y" * (FOLDS // 4) + "\r\nEND:VCARD\r\n"
    started = time.perf_counter()
    list(getLogicalLines(io.StringIO(small)))
    theirs = time.perf_counter() - started
    print(f"logical_lines, {FOLDS:,} folds (6 MB): {ours:.2f} s")
    print(f"the whole import parse of that card: {whole:.2f} s")
    print(f"vobject getLogicalLines, a quarter of the folds: {theirs:.2f} s")
    print(f"command: {COMMAND}")


if __name__ == "__main__":
    main()
