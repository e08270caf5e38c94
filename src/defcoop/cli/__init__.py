"""The ``defcoop`` command line (click). Each command's help has an example.

Commands live by what they do: :mod:`.curate` (validate, build, release, schema) works on a
source tree; :mod:`.read` (info, queries, query, sql, verify) reads a built snapshot;
:mod:`.render` prints results. Exit codes: 0 success, 1 the data has problems, a query failed
or a fault (disk full or read-only, unreadable or damaged files), 2 usage error (unknown option,
query, parameter or id; an output path that cannot be used), 3 a query or SQL statement ran past
``--timeout``, 130 interrupted (SIGINT), 143 terminated (SIGTERM). When the reader of stdout goes
away (``defcoop sql ... | head``) nothing more is printed, no traceback either, and the exit code
is non-zero (click's handling: 1).

Faults never print a traceback: :class:`Group` turns every exception that reaches it into one
escaped line on stderr and an exit code (set ``DEFCOOP_TRACEBACK=1`` to see the traceback of an
unexpected one). SIGTERM is turned into an exception too, so a terminated build cleans up its
staging folder like an interrupted one.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from ..escape import printable


class Terminated(BaseException):
    """SIGTERM arrived (raised in the main thread, so that cleanup code runs as for Ctrl-C)."""


def _terminate(signum, frame) -> None:  # noqa: ANN001 - signal handler signature
    raise Terminated()


def _fault(exc: BaseException) -> tuple[str, int]:
    """The one line and exit code for an exception that reached the command line."""
    if isinstance(exc, (KeyboardInterrupt, click.exceptions.Abort)):
        return "interrupted; nothing was changed by the interrupted step", 130
    if isinstance(exc, Terminated):
        return "terminated (SIGTERM); nothing was changed by the interrupted step", 143
    from ..api import QueryTimeout

    if isinstance(exc, QueryTimeout):
        return f"error: {exc}", 3
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"error: {exc.strerror or exc}{where}", 1
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(exc, duckdb.Error):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"error: the database cannot be read or the statement failed: {first}", 1
    if isinstance(exc, (ValueError, LookupError)) and type(exc).__module__.startswith("defcoop"):
        return f"error: {exc}", 1
    return (f"error: unexpected {type(exc).__name__}: {exc} (a defcoop bug: please report it; "
            "DEFCOOP_TRACEBACK=1 shows the traceback)"), 1


class Group(click.Group):
    """The command group: every fault becomes one escaped line on stderr and an exit code."""

    def main(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - click's signature
        kwargs.pop("standalone_mode", None)
        previous = signal.signal(signal.SIGTERM, _terminate) if _main_thread() else None
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
            sys.exit(rv if isinstance(rv, int) else 0)  # an int is the code of click's Exit
        except click.ClickException as exc:
            if isinstance(exc, click.UsageError) or hasattr(exc, "message"):
                exc.message = printable(exc.message)
            exc.show()
            sys.exit(exc.exit_code)
        except SystemExit:
            raise
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(141)
        except BaseException as exc:  # noqa: BLE001 - the one place faults become a line
            if os.environ.get("DEFCOOP_TRACEBACK") and not isinstance(exc, (KeyboardInterrupt, Terminated)):
                raise
            message, code = _fault(exc)
            try:
                click.echo(printable(message), err=True)
            except OSError:
                pass
            sys.exit(code)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so that the interpreter's final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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
