"""``python -m defcoop`` runs the command line."""

from .cli import main

main()
