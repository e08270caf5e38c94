"""The README of the release zip, written for someone who has just unzipped it.

Generated from the build's ``datapackage.json`` (files, tables, rows, dates, licence,
citation), so that it lists exactly the files in the bundle and how to open each one,
with no reference to a source checkout.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any


def bundle_readme(folder: Path, descriptor: dict[str, Any]) -> str:
    """README.md (Markdown) for the release bundle of the build in ``folder`` described by ``descriptor``."""
    version = descriptor["version"]
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    files = {r["path"] for r in descriptor["resources"]}
    has = {kind: any(p.endswith(kind) for p in files) for kind in (".duckdb", ".sqlite", ".xlsx", ".dta")}
    licence = ", ".join(f"{lic.get('title', lic['name'])} ({lic['name']})" for lic in descriptor.get("licenses", []))
    out = [f"# {descriptor.get('title', descriptor['name'])} — version {version}", "",
           descriptor.get("description", ""), "",
           f"Licence of the data: {licence}. Cite as: {descriptor.get('citation', '')}", "",
           f"Sources: the newest cited source was published on {descriptor.get('sources_newest_date', '?')}; "
           f"sources were last checked on {descriptor.get('sources_checked_date', '?')} (statuses hold as of that "
           f"date). Built {descriptor.get('created', '')}.", "",
           "## What is in this folder", "",
           "| file | what it is |", "|---|---|",
           "| `datapackage.json` | Frictionless Data Package: every table's columns, types, codes and keys, and the "
           "size and SHA-256 hash of every data file |",
           f"| `csv/` | the {len(tables)} tables as UTF-8 CSV (header row; empty = missing; dates `YYYY-MM-DD`) |",
           "| `parquet/` | the same tables as Parquet, typed |"]
    if has[".duckdb"]:
        out.append("| `defcoop.duckdb` | every table and view in one DuckDB database (DuckDB 1.1 or later) |")
    if has[".sqlite"]:
        out.append("| `defcoop.sqlite` | every table and view in one SQLite database with primary and foreign keys; "
                   "`datasette-metadata.json` describes it for Datasette |")
    if has[".xlsx"]:
        out.append("| `defcoop.xlsx` | a workbook: sheet `about` (version, licence, citation, sheets, columns), then "
                   "one sheet per table |")
    if has[".dta"]:
        out.append("| `stata/` | one Stata file per table (Stata 14 or later), with variable and value labels |")
    out += ["| `codebook.md` | every table, view, column and code with its definition; the coding rules |",
            "| `curating.md` | how the records are curated and checked |",
            "| `queries/` | ready-made SQL queries (DuckDB) and the view definitions |",
            "| `CHANGELOG.md`, `CITATION.cff`, `LICENSE` | changes by version, citation, licences |",
            "| `SHA256SUMS` | a checksum for every other file |", "",
            "## Check the files", "", "```sh",
            "sha256sum -c SHA256SUMS                  # every file arrived whole",
            "frictionless validate datapackage.json  # every table against its schema, every file's hash",
            "```", "",
            "## Open the data", "",
            "Python (pandas, polars):", "", "```python",
            "import pandas as pd",
            'contracts = pd.read_parquet("parquet/contracts.parquet")',
            "import polars as pl",
            'contracts = pl.read_parquet("parquet/contracts.parquet")',
            "```", "",
            "R (arrow; RSQLite for the database):", "", "```r",
            'contracts <- arrow::read_parquet("parquet/contracts.parquet")',
            'con <- DBI::dbConnect(RSQLite::SQLite(), "defcoop.sqlite")',
            'DBI::dbGetQuery(con, "SELECT * FROM contract_overview")',
            "```", ""]
    if has[".dta"]:
        out += ["Stata:", "", "```stata", "use stata/contracts.dta, clear",
                "describe            // variable labels are the column descriptions",
                "decode status, generate(status_text)   // code lists are labelled numbers", "```", ""]
    if has[".xlsx"]:
        out += ["Excel, LibreOffice, Numbers: open `defcoop.xlsx` (the CSV files are UTF-8; a spreadsheet that "
                "opens them directly may garble Hangul and other non-Latin text).", ""]
    if has[".sqlite"]:
        out += ["Datasette (tables, views and the ready-made queries in a browser):", "", "```sh",
                "datasette serve --immutable defcoop.sqlite --metadata datasette-metadata.json", "```", ""]
    if has[".duckdb"]:
        out += ["DuckDB:", "", "```sh", "duckdb -readonly defcoop.duckdb \"SELECT * FROM contested_fields\"", "```", ""]
    out += ["## Tables", "", "| table | rows | description |", "|---|---|---|"]
    for r in tables:
        out.append(f"| `{r['name']}` | {_rows(folder / r['path'])} | {r.get('description', '')} |")
    out += ["", "Column definitions, codes and the coding rules are in `codebook.md`.", ""]
    return "\n".join(out)


def _rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
