"""The ``defcoop`` command line (click). Each command's help has an example.

Commands live by what they do: :mod:`.curate` (validate, build, release, schema) works on a
source tree; :mod:`.read` (info, queries, query, sql, verify) reads a built snapshot;
:mod:`.render` prints results. Exit codes: 0 success, 1 the data has problems (or a query
failed), 2 usage error (unknown option, query, parameter or id).
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="defcoop", message="defcoop %(version)s")
def main() -> None:
    """defcoop: source-cited records of defense cooperation.

    \b
    Curators:    defcoop validate; defcoop build; defcoop release
    Researchers: defcoop info; defcoop queries; defcoop query NAME; defcoop sql "SELECT ..."
    """


from . import curate, read  # noqa: E402,F401 - register the commands

if __name__ == "__main__":  # pragma: no cover
    main()
