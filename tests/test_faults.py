"""Faults give one line and a non-zero exit, never a traceback, and damage nothing (issue 12, class 6)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, REPO
from defcoop.cli import main
from defcoop.publish.build import build
from defcoop.publish.verify import verify
from test_build import digest_tree

CLI = [sys.executable, "-m", "defcoop"]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line_error(res, code: int) -> str:
    """The result failed with ``code`` and printed exactly one line, without a traceback."""
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1, res.output
    return lines[0]


def test_store_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out.d").write_text("x")
    res = run("build", "--root", str(MINI), "--out", str(tmp_path / "out"))
    assert res.exit_code == 2 and "is a file, not a defcoop snapshot store" in res.output
    assert "Traceback" not in res.output and (tmp_path / "out.d").read_text() == "x"


def test_damaged_database_under_sql_info_query(mini_build: Path, tmp_path: Path) -> None:
    """Regression: a damaged defcoop.duckdb gave a traceback under sql, info and query."""
    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    (data / "defcoop.duckdb").write_bytes(b"\0garbage" * 4096)
    for args in (["sql", "SELECT 1"], ["info"], ["query", "coverage"]):
        line = one_line_error(run(*args, "--data", str(data)), 1)
        assert line.startswith("error: the database cannot be read") and "not a valid DuckDB database" in line, args


@pytest.mark.parametrize("content,expected", [
    ("[1, 2]", "not a Data Package descriptor (a JSON object), but a list"),
    ('{"resources": [{"name": "contracts"}]}', "resources[0] (contracts) has no path"),
    ('{"resources": "x"}', "resources is not a list"),
    ("{not json", "cannot read"),
])
def test_verify_reports_a_damaged_descriptor(mini_build: Path, tmp_path: Path, content: str, expected: str) -> None:
    """Regression: a datapackage.json that is a list or lacks `path` gave a traceback."""
    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    (data / "datapackage.json").write_text(content)
    problems = verify(data)
    assert any(expected in p for p in problems), problems
    res = run("verify", "--data", str(data))
    assert res.exit_code == 1 and "Traceback" not in res.output and expected in res.output


def test_api_names_a_damaged_descriptor(mini_build: Path, tmp_path: Path) -> None:
    import defcoop
    from defcoop.api import DataDamaged

    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    (data / "datapackage.json").write_text("[1]")
    with pytest.raises(DataDamaged, match="not a Data Package descriptor"):
        defcoop.tables(data)


def test_verify_checks_declared_paths(mini_build: Path, tmp_path: Path) -> None:
    """Regression: a `../` path whose file hashed right was reported ok."""
    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    outside = tmp_path / "contracts.csv"
    shutil.copy(data / "csv" / "contracts.csv", outside)
    desc = json.loads((data / "datapackage.json").read_text("utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "contracts")
    res["path"] = "../contracts.csv"
    (data / "datapackage.json").write_text(json.dumps(desc))
    assert verify(data) == ["../contracts.csv: declared path leaves the build folder or is not a plain relative path",
                            "csv/contracts.csv: not declared in datapackage.json"]
    res["path"] = "csv/link.csv"
    os.symlink(outside, data / "csv" / "link.csv")
    (data / "datapackage.json").write_text(json.dumps(desc))
    assert verify(data)[0] == "csv/link.csv: declared path leaves the build folder or is not a plain relative path"


def test_verify_accepts_file_resources_of_the_formats_descriptor(mini_build: Path, tmp_path: Path) -> None:
    """Both descriptor shapes verify: files as `type: "file"` resources (0.2) and as the older `binaries` list."""
    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    desc = json.loads((data / "datapackage.json").read_text("utf-8"))
    assert any(r.get("type") == "file" and r["path"] == "defcoop.duckdb" for r in desc["resources"])
    assert verify(data) == []
    old = {**desc, "resources": [r for r in desc["resources"] if r.get("type") != "file"],
           "binaries": [{k: v for k, v in r.items() if k != "type"} for r in desc["resources"] if r.get("type") == "file"]}
    (data / "datapackage.json").write_text(json.dumps(old))
    assert verify(data) == []
    (data / "datapackage.json").write_text(json.dumps(desc))
    (data / "defcoop.duckdb").write_bytes((data / "defcoop.duckdb").read_bytes()[:-1] + b"\1")
    assert verify(data) == ["defcoop.duckdb: hash differs from datapackage.json"]


def test_verify_checks_the_views(mini_build: Path, tmp_path: Path) -> None:
    import duckdb

    from defcoop.export.datapackage import file_hash

    data = tmp_path / "data"
    shutil.copytree(mini_build, data)
    con = duckdb.connect(str(data / "defcoop.duckdb"))
    con.execute("CREATE OR REPLACE VIEW contested_fields AS SELECT * FROM contested_fields LIMIT 0")
    con.execute("DROP VIEW contract_overview")
    con.close()
    desc = json.loads((data / "datapackage.json").read_text("utf-8"))
    for entry in desc["resources"]:  # a consistent forgery: the hashes are updated too
        if entry["path"] == "defcoop.duckdb":
            entry["bytes"], entry["hash"] = (data / "defcoop.duckdb").stat().st_size, file_hash(data / "defcoop.duckdb")
    (data / "datapackage.json").write_text(json.dumps(desc))
    problems = verify(data)
    assert "view contract_overview: missing from defcoop.duckdb" in problems
    assert any(p.startswith("view contested_fields: fails") or p.startswith("view contested_fields: gives")
               for p in problems), problems


def test_sql_timeout_stops_with_exit_3(mini_build: Path) -> None:
    t = time.perf_counter()
    res = run("sql", "SELECT count(*) FROM range(1000000000000) t(a) WHERE a % 7 = 3", "--timeout", "0.5",
              "--data", str(mini_build))
    line = one_line_error(res, 3)
    assert line == "error: stopped after 0.5 s (--timeout); narrow the query or raise the limit"
    assert time.perf_counter() - t < 10


def test_query_takes_timeout(mini_build: Path) -> None:
    res = run("query", "coverage", "--timeout", "5", "--data", str(mini_build))
    assert res.exit_code == 0, res.output
    assert run("query", "coverage", "--timeout", "0", "--data", str(mini_build)).exit_code == 2


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_full_or_read_only_disk_is_one_line(tmp_path: Path, kind: str) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "size=400k" if kind == "full" else "size=1m,ro"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        res = subprocess.run(CLI + ["build", "--root", str(MINI), "--out", str(disk / "out")], env=ENV,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 1, res.stderr
        assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert res.stderr.startswith("error: "), res.stderr
        if kind == "full":  # which writer meets the full disk first varies: Python's, Arrow's or DuckDB's
            assert "No space left on device" in res.stderr or "bytes free on that disk" in res.stderr, res.stderr
            assert res.stderr.rstrip().endswith("the previous output is unchanged"), res.stderr
        else:
            assert "Read-only file system" in res.stderr, res.stderr
        if kind == "full":
            assert not [p for p in os.listdir(disk / "out.d") if p.startswith(".staging")]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
@pytest.mark.parametrize("sig,code,delay", [(signal.SIGTERM, 143, 0.0), (signal.SIGTERM, 143, 0.5),
                                            (signal.SIGINT, 130, 0.0), (signal.SIGINT, 130, 0.5)])
def test_signal_to_the_build_is_one_line_and_changes_nothing(tmp_path: Path, sig, code: int, delay: float) -> None:
    """Regression: SIGTERM/SIGINT printed tracebacks, and the Frictionless workers printed BrokenPipeError
    after the prompt returned. SIGINT goes to the whole process group, as a terminal's Ctrl-C does."""
    out = tmp_path / "out"
    first = build(MINI, out).path
    before = digest_tree(out)
    proc = subprocess.Popen(CLI + ["build", "--root", str(MINI), "--out", str(out)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 60  # wait until the build is under way (its staging folder exists), however
    while time.time() < deadline and proc.poll() is None and \
            not any(p.startswith(".staging-") for p in os.listdir(tmp_path / "out.d")):  # loaded the machine is
        time.sleep(0.01)
    time.sleep(delay)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    time.sleep(1.5)  # anything a worker would print after the parent exits
    if proc.returncode == 0:
        pytest.skip("the build finished before the signal")
    assert proc.returncode == code, stderr
    assert [ln for ln in stderr.splitlines() if ln.strip()] == [
        "interrupted; nothing was changed by the interrupted step" if code == 130 else
        "terminated (SIGTERM); nothing was changed by the interrupted step"]
    assert out.resolve() == first and digest_tree(out) == before
    assert not [p for p in os.listdir(tmp_path / "out.d") if p.startswith(".staging")]
    children = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children == []  # no Frictionless worker left behind


def test_a_closed_pipe_ends_quietly(mini_build: Path) -> None:
    """`defcoop sql ... | head -1`: no BrokenPipeError traceback, a non-zero exit."""
    proc = subprocess.Popen(CLI + ["sql", "SELECT * FROM range(300000)", "--format", "csv", "--data", str(mini_build)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"range\n"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) != 0 and err == b""
