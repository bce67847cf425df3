"""The ``localgrowth`` command: Django's management commands under one name.

``localgrowth import projects FILE`` runs the ``import_data`` command (``import`` is a Python
keyword, so the module cannot carry that name); every other word is passed through unchanged.
"""

import os
import sys

ALIASES = {"import": "import_data"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgrowth.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    args[0] = "localgrowth"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
