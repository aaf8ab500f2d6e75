"""The ``dieuhanh`` console command: Django's manage.py with the project's own subcommands."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.settings")
    from django.core.management import execute_from_command_line

    args = list(argv if argv is not None else sys.argv)
    # Subcommands may be spelled with hyphens (``dieuhanh check-files``); Django's modules use underscores.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
