"""DuckDB SQL (the views and ready-made queries) translated to SQLite with sqlglot.

:func:`to_sqlite` parses a query with sqlglot's DuckDB dialect, rewrites the few
constructs that sqlglot's SQLite generator leaves in DuckDB's form, and prints it in
SQLite's dialect. Parameters become ``:name`` placeholders; integer and number
parameters are cast (``CAST(:since_year AS INTEGER)``), because Datasette and other
SQLite front ends pass every parameter as text, and SQLite orders any text after any
number; a parameter left blank takes its default. Rewrites (each on sqlglot's syntax tree):

- ``GROUP BY ALL`` -> the select list's non-aggregate expressions;
- ``year(x)`` -> ``CAST(strftime('%Y', x) AS INTEGER)`` (dates are ISO text in SQLite);
- ordered aggregates, ``string_agg(x, sep ORDER BY x)`` and ``list(x ORDER BY x)``: SQLite
  before 3.44 has no ORDER BY inside an aggregate, so the select gathers the group's values
  with ``json_group_array`` and a select around it reads them back sorted through
  ``json_each``; lists become JSON arrays (``["a","b"]``). An aggregate ordered by anything
  but its own value, or nested inside an expression, is not translated.

The output needs SQLite 3.38 or later (JSON functions built in, FILTER, NULLS LAST).
Anything else sqlglot cannot express raises :class:`Untranslatable` with the reason; the
build then lists the query with that reason instead of shipping a wrong translation.
"""

from __future__ import annotations

from typing import Mapping

CASTS = {"integer": "INTEGER", "number": "REAL"}
"""Query parameter type -> SQLite cast applied to its placeholder (text, date and id stay text)."""


class Untranslatable(ValueError):
    """A query that cannot be translated to SQLite; the message says why."""


def to_sqlite(sql: str, params: Mapping[str, tuple[str, str | None]] | None = None) -> str:
    """``sql`` (DuckDB dialect, ``$name`` parameters) as SQLite SQL with ``:name`` placeholders.

    ``params`` maps each parameter name to (type, default): integer and number placeholders
    are cast; a parameter with a default reads an empty value as the default
    (``COALESCE(NULLIF(:p, ''), 'default')``: Datasette passes a parameter left blank as '').
    A default of None keeps '' as given (for parameters where '' means all). Raises
    :class:`Untranslatable`.
    """
    import sqlglot
    from sqlglot import exp

    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip().rstrip(";")
    try:
        tree = sqlglot.parse_one(body, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise Untranslatable(f"sqlglot cannot parse it: {exc}") from None
    types = dict(params or {})
    for select in tree.find_all(exp.Select):
        _expand_group_by_all(select)
    tree = tree.transform(lambda n: _sort_ordered_aggregates(n) if isinstance(n, exp.Select) else n)
    left = next((n for n in tree.find_all(exp.GroupConcat, exp.ArrayAgg) if isinstance(n.this, exp.Order)), None)
    if left is not None:
        raise Untranslatable(f"{left.sql('duckdb')!r} is an ordered aggregate inside an expression "
                             "(only a select list's own column can be sorted)")

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.this:
            if node.this not in types:
                raise Untranslatable(f"parameter ${node.this} is not declared in the query header")
            type_, default = types[node.this]
            value: exp.Expression = exp.Placeholder(this=node.this)
            if default is not None:
                value = exp.func("coalesce", exp.func("nullif", value, exp.Literal.string("")),
                                 exp.Literal.string(default))
            cast = CASTS.get(type_)
            return exp.cast(value, cast) if cast else value
        if isinstance(node, exp.Year):
            return exp.cast(exp.func("strftime", exp.Literal.string("%Y"), node.this), "INTEGER")
        if isinstance(node, exp.ArrayAgg):
            return exp.func("json_group_array", node.this)
        return node

    tree = tree.transform(rewrite)
    for unsupported in (exp.Unnest, exp.Struct, exp.Array, exp.Lambda):
        found = tree.find(unsupported)
        if found is not None:
            raise Untranslatable(f"{found.sql('duckdb')!r} has no SQLite counterpart")
    try:
        return tree.sql(dialect="sqlite", pretty=True, unsupported_level=sqlglot.ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as exc:
        raise Untranslatable(f"sqlglot cannot write it for SQLite: {exc}") from None


def _expand_group_by_all(select) -> None:  # (exp.Select) -> None, in place
    from sqlglot import exp

    group = select.args.get("group")
    if group is None or not group.args.get("all"):
        return
    keys = [e.unalias().copy() for e in select.expressions if not isinstance(e, exp.Star) and not e.find(exp.AggFunc)]
    if not keys:
        raise Untranslatable("GROUP BY ALL without a non-aggregate column")
    select.set("group", exp.Group(expressions=keys))


def _ordered(node) -> bool:
    from sqlglot import exp

    return isinstance(node, (exp.GroupConcat, exp.ArrayAgg)) and isinstance(node.this, exp.Order)


def _sort_ordered_aggregates(select):  # (exp.Select) -> exp.Expression
    """A select whose columns include ``agg(x ORDER BY x)``, as a select over it that sorts them.

    The inner select gathers each such column with ``json_group_array(x)`` (SQLite before
    3.44 has no ORDER BY inside an aggregate); the outer one reads every array back through
    ``json_each`` in order, joining text with the separator (``string_agg``) or rebuilding a
    sorted JSON array (``list``). The select's ORDER BY and LIMIT move to the outer select.
    """
    import sqlglot
    from sqlglot import exp

    if not any(_ordered(e.unalias()) for e in select.expressions):
        return select
    inner = select.copy()
    order, limit, offset = inner.args.get("order"), inner.args.get("limit"), inner.args.get("offset")
    for key in ("order", "limit", "offset"):
        inner.set(key, None)
    names: list[str] = []
    outer_columns = []
    new_expressions = []
    for i, e in enumerate(inner.expressions):
        name = e.alias_or_name or f"_c{i}"  # an unnamed column (e.g. a scalar subquery's only one)
        if isinstance(e, exp.Star) or name == "*" or name in names:
            raise Untranslatable(f"{select.sql('duckdb')[:60]!r}...: a select with an ordered aggregate "
                                 "needs distinct, named columns")
        names.append(name)
        agg = e.unalias()
        ref = exp.column(name, table="_s")
        if not _ordered(agg):
            new_expressions.append(exp.alias_(agg.copy(), name))
            outer_columns.append(exp.alias_(ref, name))
            continue
        value = agg.this.this
        distinct = isinstance(value, exp.Distinct)
        if distinct:
            (value,) = value.expressions
        keys = agg.this.expressions
        if len(keys) != 1 or keys[0].this != value:
            raise Untranslatable(f"{agg.sql('duckdb')!r} is ordered by something other than its value")
        direction = "DESC NULLS FIRST" if keys[0].args.get("desc") else "ASC NULLS LAST"
        new_expressions.append(exp.alias_(exp.func("json_group_array", value.copy()), name))
        if isinstance(agg, exp.GroupConcat):
            separator = agg.args.get("separator") or exp.Literal.string(",")
            gather = f"group_concat(value, {separator.sql('sqlite')})"
        else:
            gather = "json_group_array(value)"
        sorted_values = (f"(SELECT {gather} FROM (SELECT {'DISTINCT ' if distinct else ''}value "
                         f"FROM json_each({ref.sql('sqlite')}) ORDER BY value {direction}))")
        outer_columns.append(exp.alias_(sqlglot.parse_one(sorted_values, read="sqlite"), name))
    inner.set("expressions", new_expressions)
    outer = exp.select(*outer_columns).from_(inner.subquery("_s"))
    if order is not None:
        by_text = {e.unalias().sql("duckdb"): n for e, n in zip(select.expressions, names)}
        keys = []
        for o in order.expressions:
            key = o.this.sql("duckdb")
            name = by_text.get(key) or (o.this.name if isinstance(o.this, exp.Column) and not o.this.table
                                        and o.this.name in names else None)
            if name is None:
                raise Untranslatable(f"ORDER BY {key} is not a column of the select it sorts")
            key_ = o.copy()
            key_.set("this", exp.column(name, table="_s"))
            keys.append(key_)
        outer.set("order", exp.Order(expressions=keys))
    if limit is not None:
        outer.set("limit", limit)
    if offset is not None:
        outer.set("offset", offset)
    return outer
