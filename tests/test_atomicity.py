"""A killed build never damages the published output; readers see the old or the new dataset."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, REPO
from defcoop.publish.build import build
from defcoop.publish.verify import verify
from test_build import digest_tree

BUILD_CMD = [sys.executable, "-m", "defcoop", "build"]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_previous_output_intact(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    shutil.copytree(MINI, root)
    out = tmp_path / "out"
    build(root, out)
    rng = random.Random(7)
    for attempt in range(8):
        before_target, before = out.resolve(), digest_tree(out)
        proc = subprocess.Popen(BUILD_CMD + ["--root", str(root), "--out", str(out)], env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = out.resolve()
        if now == before_target:  # killed before the switch: byte for byte unchanged
            assert digest_tree(out) == before, attempt
        assert verify(now) == [], attempt  # old or (if it finished) new, always complete
    res = subprocess.run(BUILD_CMD + ["--root", str(root), "--out", str(out)], env=ENV, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stderr
    assert verify(out.resolve()) == []
    leftovers = [p.name for p in (tmp_path / "out.d").iterdir() if p.name.startswith(".staging")]
    assert leftovers == []


def _reader(out: str, seconds: float, queue) -> None:
    sys.path.insert(0, str(REPO / "src"))
    import pyarrow.parquet as pq

    import defcoop
    from defcoop.paths import data_dir

    seen, errors = set(), []
    end = time.time() + seconds
    while time.time() < end:
        try:
            snap = data_dir(out)
            con = defcoop.connect(snap)
            (n_db,) = con.execute("SELECT count(*) FROM contracts").fetchone()
            con.close()
            n_pq = pq.read_table(snap / "parquet" / "contracts.parquet").num_rows
            seen.add((n_db, n_pq))
        except Exception as exc:  # noqa: BLE001 - any error is a failure of the guarantee
            errors.append(repr(exc))
    queue.put((sorted(seen), errors))


@pytest.mark.slow
def test_readers_during_rebuilds_see_old_or_new(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    shutil.copytree(MINI, root)
    out = tmp_path / "out"
    build(root, out)
    extra = root / "datapackage" / "records" / "contracts" / "mys-maker-jet-m-2024.yaml"
    text = (root / "datapackage" / "records" / "contracts" / "mys-maker-jet-m-2023.yaml").read_text("utf-8")
    queue = mp.get_context("spawn").Queue()
    readers = [mp.get_context("spawn").Process(target=_reader, args=(str(out), 12.0, queue)) for _ in range(3)]
    for r in readers:
        r.start()
    time.sleep(2.0)
    for i in range(5):  # alternate between 1 and 2 contracts
        if i % 2 == 0:
            extra.write_text(text.replace("mys-maker-jet-m-2023", "mys-maker-jet-m-2024"), "utf-8")
        else:
            extra.unlink()
        build(root, out)
    results = [queue.get(timeout=60) for _ in readers]
    for r in readers:
        r.join()
    for seen, errors in results:
        assert errors == []
        assert set(seen) <= {(1, 1), (2, 2)}, seen  # never a mix of old and new
    assert {pair for seen, _ in results for pair in seen} == {(1, 1), (2, 2)}
