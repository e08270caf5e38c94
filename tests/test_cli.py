"""The command line: exit codes, output formats, safety of `sql` and `query`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from conftest import write
from defcoop.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_clean_and_broken(mini: Path) -> None:
    ok = run("validate", "--root", str(mini))
    assert ok.exit_code == 0 and ok.output.startswith("ok: ")
    write(mini, "actors/x.yaml", "actor_id: x\nactor_type: robot\nname: X\nsources: [{source_id: wire-a}]\n")
    bad = run("validate", "--root", str(mini))
    assert bad.exit_code == 1
    assert "datapackage/records/actors/x.yaml:2:13: x: actor_type: 'robot' is not a permitted code" in bad.output
    assert "1 problem(s) found" in bad.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", "--root", str(tmp_path)).exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_build_prints_summary(mini: Path, tmp_path: Path) -> None:
    res = run("build", "--root", str(mini), "--out", str(tmp_path / "b"))
    assert res.exit_code == 0, res.output
    assert re.search(r"^  contracts +1$", res.output, re.M)
    assert re.search(r"^  claims +7$", res.output, re.M)
    assert "done in " in res.output


def test_query_formats_and_params(mini_build: Path) -> None:
    res = run("query", "contract_detail", "--param", "contract_id=mys-maker-jet-m-2023", "--format", "json",
              "--data", str(mini_build))
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["kind"] for r in rows] == ["letter_of_acceptance", "signature", "planned"]
    csv = run("query", "records_by_sources", "--param", "max_independent=1", "--format", "csv",
              "--data", str(mini_build))
    assert csv.output.splitlines()[0] == "table_name,record_id,n_sources,n_independent_sources,verification,source_file"
    assert len(csv.output.splitlines()) == 12


def test_query_name_and_param_errors(mini_build: Path) -> None:
    res = run("query", "../../etc/passwd", "--data", str(mini_build))
    assert res.exit_code == 2 and "unknown query '../../etc/passwd'" in res.output
    res = run("query", "arms_flows", "--param", "since_year=abc", "--data", str(mini_build))
    assert res.exit_code == 2 and "not a valid integer" in res.output
    res = run("query", "arms_flows", "--param", "nope=1", "--data", str(mini_build))
    assert res.exit_code == 2 and "has no parameter(s) nope" in res.output


def test_param_is_bound_not_pasted(mini_build: Path) -> None:
    res = run("query", "records_by_sources", "--param", "max_independent=1 OR 1=1", "--data", str(mini_build))
    assert res.exit_code == 2 and "not a valid integer" in res.output
    from defcoop.api import connect, run_sql

    con = connect(mini_build)
    try:  # the value reaches DuckDB as a bound parameter: no row has that id
        got = run_sql(con, "SELECT actor_id FROM actors WHERE actor_id = $target", {"target": "x' OR '1'='1"})
    finally:
        con.close()
    assert got.num_rows == 0


def test_unknown_id_is_an_error_naming_the_closest(mini_build: Path) -> None:
    """Regression: an id no record has gave 0 rows and exit 0; an upper-case code did the same."""
    res = run("query", "statements_targeting", "--param", "target=x' OR '1'='1", "--data", str(mini_build))
    assert res.exit_code == 2 and "no actors.actor_id is" in res.output
    res = run("query", "contract_detail", "--param", "contract_id=mys-maker-jet-m-2O23", "--data", str(mini_build))
    assert res.exit_code == 2 and "closest: mys-maker-jet-m-2023" in res.output
    res = run("query", "dyad_timeline", "--param", "a=KOR", "--param", "b=MYS", "--format", "json",
              "--data", str(mini_build))
    assert res.exit_code == 0 and {r["record_id"] for r in json.loads(res.output)} >= {"kor-mys-mou-2022"}


def test_sql_cannot_touch_files(mini_build: Path, tmp_path: Path) -> None:
    res = run("sql", "SELECT * FROM read_csv('/etc/passwd')", "--data", str(mini_build))
    assert res.exit_code == 1 and "disabled by configuration" in res.output
    res = run("sql", f"COPY actors TO '{tmp_path}/leak.csv'", "--data", str(mini_build))
    assert res.exit_code == 1 and not (tmp_path / "leak.csv").exists()
    res = run("sql", "SET enable_external_access = true", "--data", str(mini_build))
    assert res.exit_code == 1 and "locked" in res.output
    res = run("sql", "DELETE FROM actors", "--data", str(mini_build))
    assert res.exit_code == 1 and "read-only" in res.output


def test_info(mini_build: Path) -> None:
    res = run("info", "--data", str(mini_build))
    assert res.exit_code == 0
    assert res.output.startswith("defcoop 9.9.9 at ")
    assert "newest source published 2024-03-01; sources checked up to 2026-11-03" in res.output
    assert re.search(r"^  KOR-MYS +1$", res.output, re.M)


def test_every_command_has_help_with_example() -> None:
    for name, cmd in main.commands.items():
        assert "Example: defcoop" in (cmd.help or ""), name


def test_release_output_error_is_one_line(mini: Path) -> None:
    """Regression: `defcoop release` printed a traceback when it could not write its zip."""
    (mini / "dist").write_text("a file where the release folder goes")
    res = run("release", "--root", str(mini), "--out", str(mini.parent / "rel-build"))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.output.strip().splitlines()[-1].startswith("error: cannot write the release: ")


def test_verify_takes_data_and_the_folder_alias(mini_build: Path, tmp_path: Path) -> None:
    """Every command that reads a build takes --data; verify's positional folder is an alias."""
    assert run("verify", "--data", str(mini_build)).exit_code == 0
    assert run("verify", str(mini_build)).exit_code == 0
    res = run("verify", str(tmp_path), "--data", str(mini_build))
    assert res.exit_code == 2 and "FOLDER or --data" in res.output


def test_a_malformed_query_header_line_is_an_error(tmp_path: Path) -> None:
    """Regression: a header line that did not parse was dropped silently (the parameter vanished)."""
    import pytest

    from defcoop.catalog import QueryError, parse

    path = tmp_path / "q.sql"
    path.write_text("-- title: T\n-- description: D\n-- grain: one row per x\n"
                    "-- parm since (integer, default 1990): typo in the keyword\nSELECT 1\n", "utf-8")
    with pytest.raises(QueryError, match=r"q.sql:4: header line not understood"):
        parse(path)
