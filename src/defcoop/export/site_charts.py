"""The explorer's pictures: Vega specs rendered to SVG at build time (no script on the page).

Three pictures, each a pure function of its input rows (same rows, same SVG bytes):

- :func:`timeline_spec` — a country pair's timeline: one row per kind (agreement, contract
  step, delivery, statement), a dot for a day-dated item and a bar from ``<x>`` to the end of
  ``<x>_end`` for an item dated to a month, quarter, half or year;
- :func:`story_spec` — a contract's story from tender to last lot: one row per step
  (milestones, signature, planned and actual lots) in date order;
- :func:`network_spec` — states, companies and systems tied by agreements and contracts,
  placed by :func:`networkx.spring_layout` with a fixed seed.

:func:`render` turns a spec into SVG text with ``vl-convert-python`` (Vega's own renderer in
an embedded JavaScript engine, text measured with the system fonts); scales place every mark,
nothing is placed by hand here. Drawing costs about 15-25 ms per picture (text measurement
dominates, so the pictures have no legends: the pages give the colour key in words, :func:`key`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

SCHEMA = "https://vega.github.io/schema/vega/v5.json"
SEED = 20240501
"""Seed of the network layout (fixed: the same graph gives the same picture)."""

KIND_COLOURS = {  # Okabe-Ito palette: distinguishable with colour-vision deficiencies
    "agreement": "#0072B2", "contract step": "#D55E00", "delivery": "#009E73", "statement": "#CC79A7",
    "milestone": "#D55E00", "signature": "#000000", "planned lot": "#56B4E9", "actual lot": "#009E73",
    "state": "#0072B2", "company": "#D55E00", "system": "#009E73", "other": "#999999",
}

# Drawing is dominated by measuring text, so the pictures have no legends (the pages give the
# colour key in words), fixed padding ("autosize": "none": Vega need not measure every label
# to size the picture), one generic font family and no ARIA text inside the SVG (Vega would
# format a description of every axis and mark; the pages show a picture as <img> with alt text
# and list the same items in a table beside it). The specs are Vega, not Vega-Lite: compiling
# Vega-Lite cost a third of the time, and Vega's "utc" scales make the pictures independent of
# the machine's time zone.
_AXIS = {"labelFont": "sans-serif", "labelFontSize": 11, "labelColor": "#333", "labelOverlap": False,
         "labelBound": False, "labelFlush": False, "domainColor": "#888", "tickColor": "#888",
         "gridColor": "#e3e3e3", "aria": False, "zindex": 0}


def key(kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, colour) for each kind drawn: the colour key the pages print beside a picture."""
    return [(k, KIND_COLOURS.get(k, "#999999")) for k in kinds]


def _ms(d: dt.date) -> int:
    """Milliseconds since 1970-01-01 UTC at the start of day ``d`` (Vega's time values)."""
    return (d - dt.date(1970, 1, 1)).days * 86_400_000


def _items(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        start, end = r["start"], r.get("end") or r["start"]
        end_excl = end + dt.timedelta(days=1)
        out.append({"kind": r["kind"], "label": r.get("label", ""), "precision": r.get("precision") or "day",
                    "start": start.isoformat(), "end": end.isoformat(), "end_excl": end_excl.isoformat(),
                    "t0": _ms(start), "t1": _ms(end_excl)})
    return out


LABEL_CHARS = 40
"""Longest y-axis label of a story, in characters (longer ones end with an ellipsis)."""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _colour(kinds: list[str]) -> dict[str, Any]:
    return {"name": "colour", "type": "ordinal", "domain": kinds,
            "range": [KIND_COLOURS.get(k, "#999999") for k in kinds]}


def _dated_spec(items: list[dict[str, Any]], kinds: list[str], y_field: str, y_domain: list[str], *,
                title: str, width: int, row: int, left: int) -> dict[str, Any]:
    """Bars from ``<x>`` to the end of ``<x>_end`` for period-dated items, dots for day-dated
    ones, one band per ``y_domain`` value (shared by the timeline and the story)."""
    lo = int(min(i["start"] for i in items)[:4])
    hi = int(max(i["end"] for i in items)[:4]) + 1
    span = hi - lo
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    at = {"scale": "x"}
    y = {"scale": "y", "field": y_field, "band": 0.5}
    return {
        "$schema": SCHEMA, "description": title, "background": "white", "autosize": "none",
        "width": width, "height": row * len(y_domain), "padding": {"left": left, "right": 20, "top": 8, "bottom": 26},
        "data": [{"name": "items", "values": items},
                 {"name": "spans", "source": "items",
                  "transform": [{"type": "filter", "expr": "datum.precision !== 'day'"}]},
                 {"name": "days", "source": "items",
                  "transform": [{"type": "filter", "expr": "datum.precision === 'day'"}]}],
        "scales": [{"name": "x", "type": "utc", "range": "width",
                    "domain": [_ms(dt.date(lo, 1, 1)), _ms(dt.date(hi, 1, 1))]},
                   {"name": "y", "type": "band", "range": "height", "domain": y_domain, "paddingInner": 0.25,
                    "paddingOuter": 0.1},
                   _colour(kinds)],
        "axes": [dict(_AXIS, orient="bottom", scale="x", format="%Y", formatType="utc", grid=True,
                      tickCount={"interval": "year", "step": step}),
                 # labelLimit 0: no truncation by Vega (which measures a label again and again to
                 # shorten it; half the cost of a story); labels are shortened in Python (_short).
                 dict(_AXIS, orient="left", scale="y", labelLimit=0, ticks=False, domain=False)],
        "marks": [
            {"type": "rect", "from": {"data": "spans"}, "aria": False,
             "encode": {"update": {"x": dict(at, field="t0"), "x2": dict(at, field="t1"), "yc": y,
                                   "height": {"value": 10}, "cornerRadius": {"value": 2},
                                   "fill": {"scale": "colour", "field": "kind"}, "fillOpacity": {"value": 0.55}}}},
            {"type": "symbol", "from": {"data": "days"}, "aria": False,
             "encode": {"update": {"x": dict(at, field="t0"), "y": y, "size": {"value": 70},
                                   "fill": {"scale": "colour", "field": "kind"}, "fillOpacity": {"value": 0.95}}}},
        ],
    }


def timeline_spec(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """A pair's timeline (a Vega spec). ``rows``: dicts with kind (agreement, contract step,
    delivery, statement), start and end (:class:`datetime.date`, end = last day of the period),
    precision (day, month, quarter, half, year) and label. Raises ValueError when empty."""
    if not rows:
        raise ValueError("a timeline needs at least one dated item")
    items = sorted(_items(rows), key=lambda i: (i["start"], i["kind"], i["label"], i["end"]))
    kinds = [k for k in ("agreement", "contract step", "delivery", "statement") if any(i["kind"] == k for i in items)]
    return _dated_spec(items, kinds, "kind", kinds, title=title, width=760, row=30, left=100)


def story_spec(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """A contract's story (a Vega spec). ``rows``: dicts with kind (milestone, signature,
    planned lot, actual lot), label (the step in words, unique per row), start, end, precision;
    one row per step, in date order. Raises ValueError when empty."""
    if not rows:
        raise ValueError("a story needs at least one dated step")
    items = sorted(_items(rows), key=lambda i: (i["start"], i["end"], i["label"]))
    seen: set[str] = set()
    for i in items:  # shortened labels stay unique: one band per step
        label, n = _short(i["label"]), 2
        while label in seen:
            label, n = f"{i['label'][:LABEL_CHARS - 6].rstrip()}… ({n})", n + 1
        seen.add(label)
        i["label"] = label
    kinds = [k for k in ("milestone", "signature", "planned lot", "actual lot") if any(i["kind"] == k for i in items)]
    return _dated_spec(items, kinds, "label", [i["label"] for i in items], title=title, width=460, row=22,
                       left=270)


def network_layout(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y) from :func:`networkx.spring_layout` (seed :data:`SEED`, edge weights).

    ``nodes``: dicts with id; ``edges``: (id, id, weight). Deterministic for the same input
    (nodes and edges are added in sorted order)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(n["id"] for n in nodes))
    for a, b, w in sorted(edges):
        graph.add_edge(a, b, weight=w)
    pos = nx.spring_layout(graph, seed=SEED, weight="weight", k=1.5 / max(len(nodes), 1) ** 0.5, iterations=200)
    return {n: (round(float(p[0]), 4), round(float(p[1]), 4)) for n, p in pos.items()}


def largest_component(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]]
                      ) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """The nodes and edges of the largest connected group (ties broken by the smallest node id).

    Only it is drawn: a force-directed layout pushes small separate groups to the corners and
    squeezes the main one; the pages list every tie in a table."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(n["id"] for n in nodes))
    graph.add_edges_from((a, b) for a, b, _ in edges)
    keep = max(nx.connected_components(graph), key=lambda c: (len(c), [-ord(ch) for ch in min(c)]))
    return [n for n in nodes if n["id"] in keep], [e for e in edges if e[0] in keep]


MAX_NODES = 150
"""Most nodes drawn in the network (the most tied ones): more are unreadable, and networkx lays
out 500 nodes or more with scipy, which defcoop does not depend on."""


def most_tied(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]], limit: int = MAX_NODES
              ) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """The ``limit`` nodes with the most ties (summed weights; ties broken by id) and their edges."""
    if len(nodes) <= limit:
        return nodes, edges
    weight: dict[str, int] = {}
    for a, b, w in edges:
        weight[a] = weight.get(a, 0) + w
        weight[b] = weight.get(b, 0) + w
    keep = {n["id"] for n in sorted(nodes, key=lambda n: (-weight.get(n["id"], 0), n["id"]))[:limit]}
    return [n for n in nodes if n["id"] in keep], [e for e in edges if e[0] in keep and e[1] in keep]


def network_spec(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]], title: str) -> dict[str, Any]:
    """The network (a Vega spec) of the largest connected group, at most :data:`MAX_NODES` of
    its most tied nodes. ``nodes``: dicts with id,
    label and kind (state, company, system); ``edges``: (id, id, weight = number of agreements
    and contracts tying them). Raises ValueError when there are no nodes."""
    if not nodes:
        raise ValueError("a network needs nodes")
    nodes, edges = largest_component(*most_tied(*largest_component(nodes, edges)))
    pos = network_layout(nodes, edges)
    degree: dict[str, int] = {}
    for a, b, _ in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    # Labels for states and for nodes with three ties or more (the rest are listed under the picture).
    node_rows = [{"id": n["id"], "kind": n["kind"], "x": pos[n["id"]][0], "y": pos[n["id"]][1],
                  "label": n["label"] if n["kind"] == "state" or degree.get(n["id"], 0) >= 3 else ""}
                 for n in sorted(nodes, key=lambda n: n["id"])]
    edge_rows = [{"x": pos[a][0], "y": pos[a][1], "x2": pos[b][0], "y2": pos[b][1], "weight": w}
                 for a, b, w in sorted(edges)]
    kinds = [k for k in ("state", "company", "system") if any(n["kind"] == k for n in node_rows)]
    at = lambda scale, field: {"scale": scale, "field": field}  # noqa: E731
    return {
        "$schema": SCHEMA, "description": title, "background": "white", "autosize": "none",
        "width": 1000, "height": 720, "padding": 10,
        "data": [{"name": "edges", "values": edge_rows}, {"name": "nodes", "values": node_rows},
                 {"name": "labelled", "source": "nodes", "transform": [{"type": "filter", "expr": "datum.label"}]}],
        "scales": [
            {"name": "x", "type": "linear", "range": "width", "zero": False, "nice": False, "padding": 70,
             "domain": {"data": "nodes", "field": "x"}},
            {"name": "y", "type": "linear", "range": "height", "zero": False, "nice": False, "padding": 20,
             "domain": {"data": "nodes", "field": "y"}},
            {"name": "weight", "type": "linear", "range": [0.6, 4], "zero": False,
             "domain": {"data": "edges", "field": "weight"}},
            _colour(kinds)],
        "marks": [
            {"type": "rule", "from": {"data": "edges"}, "aria": False,
             "encode": {"update": {"x": at("x", "x"), "y": at("y", "y"), "x2": at("x", "x2"), "y2": at("y", "y2"),
                                   "strokeWidth": at("weight", "weight"), "stroke": {"value": "#888"},
                                   "strokeOpacity": {"value": 0.5}}}},
            {"type": "symbol", "from": {"data": "nodes"}, "aria": False,
             "encode": {"update": {"x": at("x", "x"), "y": at("y", "y"), "size": {"value": 90},
                                   "fill": {"scale": "colour", "field": "kind"}}}},
            {"type": "text", "from": {"data": "labelled"}, "aria": False,
             "encode": {"update": {"x": at("x", "x"), "y": at("y", "y"), "dy": {"value": -9},
                                   "align": {"value": "center"}, "font": {"value": "sans-serif"},
                                   "fontSize": {"value": 10}, "fill": {"value": "#222"}, "text": {"field": "label"},
                                   "fontWeight": [{"test": "datum.kind === 'state'", "value": "bold"},
                                                  {"value": "normal"}]}}},
        ],
    }


def render(spec: dict[str, Any]) -> str:
    """SVG text of a Vega spec (vl-convert; deterministic for the same spec and fonts)."""
    import vl_convert as vlc

    return vlc.vega_to_svg(spec)


# ------------------------------------------------------------------ rendering many pictures

def render_jobs(jobs: list[dict[str, Any]], folder: Path, parent: int | None = None) -> int:
    """Render ``jobs`` into ``folder`` (whose sub-folders exist) and return the bytes written.

    Each job is ``{"path": relative path, "spec": Vega spec}`` or ``{"path": ...,
    "network": {"nodes": ..., "edges": ..., "title": ...}}`` (the layout is computed here,
    so that networkx is imported only where the picture is drawn). No folder is created: when
    the build that asked for the pictures is gone (killed, its staging folder removed), writing
    fails and the drawing stops. ``parent``: stop (SystemExit 3) as soon as the process that
    started this one is no longer its parent."""
    import os

    if not folder.is_dir():  # before the costly start of the drawing engine
        raise FileNotFoundError(f"{folder}: no such folder (the build that asked for the pictures is gone)")
    total = 0
    for job in jobs:
        if parent is not None and os.getppid() != parent:
            raise SystemExit(3)  # the build died: nobody will read these pictures
        if "network" in job:
            net = job["network"]
            spec = network_spec(net["nodes"], [tuple(e) for e in net["edges"]], net["title"])
        else:
            spec = job["spec"]
        data = render(spec).encode("utf-8")
        (folder / job["path"]).write_bytes(data)
        total += len(data)
    return total


class ChartProcess:
    """Render pictures in a child Python process while the caller writes the pages.

    Rendering is CPU-bound and holds the GIL, so a thread would not help; a child process
    uses the second core once Frictionless is done. ``start(jobs, folder)`` sends the jobs
    (JSON on stdin); :meth:`wait` returns the bytes written or raises RuntimeError with the
    child's error output.
    """

    def __init__(self) -> None:
        self._proc: Any = None

    def start(self, jobs: list[dict[str, Any]], folder: Path) -> "ChartProcess":
        import subprocess
        import sys

        import tempfile

        import os

        payload = json.dumps({"folder": str(folder), "jobs": jobs, "parent": os.getpid()},
                             default=str).encode("utf-8")
        self._err = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child never blocks
        self._proc = subprocess.Popen([sys.executable, "-m", "defcoop.export.site_charts"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err)
        try:
            self._proc.stdin.write(payload)  # the child reads all of it before drawing
        finally:
            self._proc.stdin.close()
        return self

    def wait(self) -> int:
        out = self._proc.stdout.read()
        self._proc.stdout.close()
        code = self._proc.wait()
        self._err.seek(0)
        err = self._err.read().decode("utf-8", "replace")
        self._err.close()
        if code != 0:
            raise RuntimeError(f"drawing the site's pictures failed (exit {code}):\n{err}")
        return int(out.decode("ascii").strip())

    def kill(self) -> None:
        """Stop the child (the caller failed and will not wait for the pictures)."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._proc.stdout.close()
        self._err.close()


class ChartPool:
    """Up to ``processes`` :class:`ChartProcess` children sharing the jobs (round robin)."""

    def __init__(self, processes: int = 2) -> None:
        self.processes = max(1, processes)
        self._children: list[ChartProcess] = []

    def start(self, jobs: list[dict[str, Any]], folder: Path) -> "ChartPool":
        chunks = [jobs[i::self.processes] for i in range(self.processes)]
        try:
            for chunk in chunks:
                if chunk:
                    self._children.append(ChartProcess().start(chunk, folder))
        except BaseException:
            self.kill()
            raise
        return self

    def wait(self) -> int:
        """Bytes written by all children; RuntimeError if one failed (the others are stopped)."""
        try:
            return sum(child.wait() for child in self._children)
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        for child in self._children:
            child.kill()


def _main() -> None:  # the child of ChartProcess
    import sys
    from pathlib import Path

    request = json.loads(sys.stdin.buffer.read())
    print(render_jobs(request["jobs"], Path(request["folder"]), request.get("parent")))


if __name__ == "__main__":
    _main()
