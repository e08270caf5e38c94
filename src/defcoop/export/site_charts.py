"""The explorer's pictures: Vega-Lite specs rendered to SVG at build time (no script on the page).

Three pictures, each a pure function of its input rows (same rows, same SVG bytes):

- :func:`timeline_spec` — a country pair's timeline: one row per kind (agreement, contract
  step, delivery, statement), a dot for a day-dated item and a bar from ``<x>`` to the end of
  ``<x>_end`` for an item dated to a month, quarter, half or year;
- :func:`story_spec` — a contract's story from tender to last lot: one row per step
  (milestones, signature, planned and actual lots) in date order;
- :func:`network_spec` — states, companies and systems tied by agreements and contracts,
  placed by :func:`networkx.spring_layout` with a fixed seed.

:func:`render` turns a spec into SVG text with ``vl-convert-python`` (Vega-Lite and Vega
in an embedded JavaScript engine, text measured with the system fonts); nothing is placed
by hand here. Rendering costs about 10-30 ms per picture (text measurement dominates, so the
pictures have no legends: the pages give the colour key in words, :func:`key`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SEED = 20240501
"""Seed of the network layout (fixed: the same graph gives the same picture)."""

KIND_COLOURS = {  # Okabe-Ito palette: distinguishable with colour-vision deficiencies
    "agreement": "#0072B2", "contract step": "#D55E00", "delivery": "#009E73", "statement": "#CC79A7",
    "milestone": "#D55E00", "signature": "#000000", "planned lot": "#56B4E9", "actual lot": "#009E73",
    "state": "#0072B2", "company": "#D55E00", "system": "#009E73", "other": "#999999",
}

# Fixed padding ("autosize": "none") spares Vega measuring every label to size the picture.
_CONFIG = {
    # Fewer text measurements (the costly part of rendering: no legends, the pages give the key in
    # words) and one generic font family (a list of families costs a lookup per text item).
    "font": "sans-serif",
    "axis": {"labelOverlap": False, "labelBound": False, "labelFlush": False, "labelFontSize": 11,
             "titleFontSize": 11},
    "view": {"stroke": None},
    "background": "white",
}


def key(kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, colour) for each kind drawn: the colour key the pages print beside a picture."""
    return [(k, KIND_COLOURS.get(k, "#999999")) for k in kinds]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _domain(items: Iterable[dict[str, Any]]) -> list[str]:
    """Whole years around the items' periods (a padded, readable time axis)."""
    starts = [i["start"] for i in items]
    ends = [i["end"] for i in items]
    lo, hi = min(starts), max(ends)
    return [f"{lo[:4]}-01-01", f"{int(hi[:4]) + 1}-01-01"]


def _colour(kinds: list[str]) -> dict[str, Any]:
    return {"domain": kinds, "range": [KIND_COLOURS.get(k, "#999999") for k in kinds]}


def _dated_layers(kind_field: str, kinds: list[str], y: dict[str, Any]) -> list[dict[str, Any]]:
    """Bars for period-dated items, dots for day-dated ones (shared by timeline and story)."""
    x = {"field": "start", "type": "temporal", "title": None, "axis": {"format": "%Y", "tickCount": "year"}}
    colour = {"field": kind_field, "type": "nominal", "title": None, "scale": _colour(kinds), "legend": None}
    return [
        {"transform": [{"filter": "datum.precision != 'day'"}],
         "mark": {"type": "bar", "height": 10, "opacity": 0.55, "cornerRadius": 2},
         "encoding": {"x": x, "x2": {"field": "end_excl"}, "y": y, "color": colour}},
        {"transform": [{"filter": "datum.precision == 'day'"}],
         "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.95},
         "encoding": {"x": x, "y": y, "color": colour}},
    ]


def _items(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        start, end = r["start"], r.get("end") or r["start"]
        out.append({"kind": r["kind"], "label": r.get("label", ""), "precision": r.get("precision") or "day",
                    "start": _iso(start), "end": _iso(end), "end_excl": _iso(end + dt.timedelta(days=1))})
    return out


def timeline_spec(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """A pair's timeline. ``rows``: dicts with kind (agreement, contract step, delivery,
    statement), start and end (:class:`datetime.date`, end = last day of the period),
    precision (day, month, quarter, half, year) and label. Raises ValueError when empty."""
    if not rows:
        raise ValueError("a timeline needs at least one dated item")
    items = sorted(_items(rows), key=lambda i: (i["start"], i["kind"], i["label"]))
    kinds = [k for k in ("agreement", "contract step", "delivery", "statement") if any(i["kind"] == k for i in items)]
    y = {"field": "kind", "type": "nominal", "title": None, "sort": kinds}
    layers = _dated_layers("kind", kinds, y)
    layers[0]["encoding"]["x"]["scale"] = {"domain": _domain(items)}
    return {"$schema": SCHEMA, "description": title, "width": 760, "height": 30 * len(kinds) + 20,
            "autosize": "none", "padding": {"left": 100, "right": 20, "top": 8, "bottom": 28},
            "data": {"values": items}, "layer": layers, "config": _CONFIG}


def story_spec(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """A contract's story. ``rows``: dicts with kind (milestone, signature, planned lot,
    actual lot), label (the step in words, unique per row), start, end, precision.
    Raises ValueError when empty."""
    if not rows:
        raise ValueError("a story needs at least one dated step")
    items = sorted(_items(rows), key=lambda i: (i["start"], i["end"], i["label"]))
    kinds = [k for k in ("milestone", "signature", "planned lot", "actual lot") if any(i["kind"] == k for i in items)]
    y = {"field": "label", "type": "nominal", "title": None, "sort": [i["label"] for i in items],
         "axis": {"labelLimit": 260}}
    layers = _dated_layers("kind", kinds, y)
    layers[0]["encoding"]["x"]["scale"] = {"domain": _domain(items)}
    return {"$schema": SCHEMA, "description": title, "width": 460, "height": 22 * len(items) + 10,
            "autosize": "none", "padding": {"left": 270, "right": 20, "top": 8, "bottom": 28},
            "data": {"values": items}, "layer": layers, "config": _CONFIG}


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


def network_spec(nodes: list[dict[str, Any]], edges: list[tuple[str, str, int]], title: str) -> dict[str, Any]:
    """The network. ``nodes``: dicts with id, label and kind (state, company, system);
    ``edges``: (id, id, weight = number of agreements and contracts tying them).
    Raises ValueError when there are no nodes."""
    if not nodes:
        raise ValueError("a network needs nodes")
    nodes, edges = largest_component(nodes, edges)
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
    axis_x = {"field": "x", "type": "quantitative", "axis": None, "scale": {"zero": False, "nice": False, "padding": 70}}
    axis_y = {"field": "y", "type": "quantitative", "axis": None, "scale": {"zero": False, "nice": False, "padding": 20}}
    return {
        "$schema": SCHEMA, "description": title, "width": 1000, "height": 720, "autosize": "none",
        "padding": 10,
        "layer": [
            {"data": {"values": edge_rows}, "mark": {"type": "rule", "color": "#888", "opacity": 0.5},
             "encoding": {"x": axis_x, "y": axis_y, "x2": {"field": "x2"}, "y2": {"field": "y2"},
                          "strokeWidth": {"field": "weight", "type": "quantitative", "legend": None,
                                          "scale": {"range": [0.6, 4]}}}},
            {"data": {"values": node_rows}, "mark": {"type": "point", "filled": True, "size": 90, "opacity": 1},
             "encoding": {"x": axis_x, "y": axis_y,
                          "color": {"field": "kind", "type": "nominal", "title": None, "scale": _colour(kinds),
                                    "legend": None}}},
            {"data": {"values": node_rows}, "transform": [{"filter": "datum.label != ''"}],
             "mark": {"type": "text", "dy": -9, "fontSize": 10, "color": "#222"},
             "encoding": {"x": axis_x, "y": axis_y, "text": {"field": "label"},
                          "fontWeight": {"condition": {"test": "datum.kind == 'state'", "value": "bold"},
                                         "value": "normal"}}},
        ],
        "config": _CONFIG,
    }


def render(spec: dict[str, Any]) -> str:
    """SVG text of a Vega-Lite spec (vl-convert; deterministic for the same spec and fonts)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)


# ------------------------------------------------------------------ rendering many pictures

def render_jobs(jobs: list[dict[str, Any]], folder: Path) -> int:
    """Render ``jobs`` into ``folder`` and return the bytes written.

    Each job is ``{"path": relative path, "spec": Vega-Lite spec}`` or ``{"path": ...,
    "network": {"nodes": ..., "edges": ..., "title": ...}}`` (the layout is computed here,
    so that networkx is imported only where the picture is drawn)."""
    total = 0
    for job in jobs:
        if "network" in job:
            net = job["network"]
            spec = network_spec(net["nodes"], [tuple(e) for e in net["edges"]], net["title"])
        else:
            spec = job["spec"]
        data = render(spec).encode("utf-8")
        path = folder / job["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
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

        payload = json.dumps({"folder": str(folder), "jobs": jobs}, default=str).encode("utf-8")
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
    print(render_jobs(request["jobs"], Path(request["folder"])))


if __name__ == "__main__":
    _main()
