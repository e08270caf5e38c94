"""CI compatibility step: open the built defcoop.duckdb with an old DuckDB, compare every table
with its Parquet file (read by pyarrow, not DuckDB) and run every shipped query.

Run in a virtual environment where duckdb is pinned to the oldest supported release
(1.1.x): `python .ci/duckdb_compat.py build`. Exits 1 on any failure.
"""

import sys

import duckdb

import defcoop

data = sys.argv[1] if len(sys.argv) > 1 else "build"
print(f"duckdb {duckdb.__version__}")
if not duckdb.__version__.startswith("1.1."):
    sys.exit(f"expected DuckDB 1.1.x, got {duckdb.__version__}")
failures = 0
for name in defcoop.queries():
    try:
        table = defcoop.query(name, data=data)
        print(f"ok    {name}: {table.num_rows} rows")
    except Exception as exc:  # noqa: BLE001 - report every failing query
        failures += 1
        print(f"FAIL  {name}: {exc}")
con = defcoop.connect(data)
for name in defcoop.tables(data):
    want = defcoop.load(name, data=data)  # pyarrow reads the Parquet file
    got = con.execute(f"SELECT * FROM {name}").fetchall()
    rows = [tuple(r.values()) for r in want.to_pylist()]
    if sorted(got, key=repr) != sorted(rows, key=repr):
        failures += 1
        print(f"FAIL  table {name}: {len(got)} rows in DuckDB {duckdb.__version__}, {len(rows)} in Parquet, or values differ")
print("tables:", con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0],
      "version:", con.execute("SELECT version FROM dataset_info").fetchone()[0])
sys.exit(1 if failures else 0)
