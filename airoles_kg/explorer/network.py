"""Interactive network drawings for the explorer: pyvis HTML with every script and style inlined.

The machine that runs the explorer may be offline, so nothing may load from a CDN. pyvis's
``cdn_resources="in_line"`` inlines vis-network, but its template still links Bootstrap from a CDN
(used only by menus we do not enable): :func:`strip_remote_resources` removes those tags and
:func:`remote_resources` lets callers (and tests) check that none is left.

pyvis draws inside an iframe that cannot call back into Streamlit, so clicking a node shows a small
panel with a link to that node's page (opened in a new tab: the iframe's sandbox forbids navigating
the top window); the pages also offer a selectbox and plain links under each drawing.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from pyvis.network import Network

# Tags whose src/href points outside the page: <script src="http...">...</script>, <link href="http...">.
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I | re.S)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>", re.I | re.S)
_ANY_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"' >]+)", re.I
)


@dataclass
class DrawNode:
    """One node to draw: ``id`` is any unique string; ``link`` (a relative URL) opens its page.

    ``group`` is informative only: pyvis drops a node's own colour when it has a group."""

    id: str
    label: str
    group: str = ""
    title: str = ""
    color: str = "#97c2fc"
    shape: str = "dot"
    size: int = 16
    link: str = ""
    level: int | None = None


@dataclass
class DrawEdge:
    """One directed or undirected edge between two :class:`DrawNode` ids."""

    source: str
    target: str
    label: str = ""
    title: str = ""
    color: str = "#848484"
    width: float = 1.5
    dashes: bool = False


@dataclass
class Drawing:
    """A set of nodes and edges, plus how to lay them out."""

    nodes: list[DrawNode] = field(default_factory=list)
    edges: list[DrawEdge] = field(default_factory=list)
    directed: bool = True
    hierarchical: bool = False


def strip_remote_resources(page: str) -> str:
    """Remove ``<script src=…>`` and ``<link href=…>`` tags that point to another host."""
    return _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", page))


def remote_resources(page: str) -> list[str]:
    """URLs of scripts, styles, images or frames that ``page`` would fetch from another host."""
    return _ANY_REMOTE.findall(page)


def _options(drawing: Drawing) -> dict:
    options: dict = {
        "interaction": {"hover": True, "navigationButtons": False, "tooltipDelay": 150},
        "edges": {
            "smooth": {"type": "dynamic"},
            "font": {"size": 11, "align": "middle", "background": "white"},
        },
        "nodes": {"font": {"size": 14}},
    }
    if drawing.hierarchical:
        options["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "LR",
                "sortMethod": "directed",
                "levelSeparation": 300,
            }
        }
        options["physics"] = {"enabled": False}
        # "dynamic" curves need physics to place their support points (labels land on the nodes).
        options["edges"]["smooth"] = {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}
    else:
        options["physics"] = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"iterations": 250},
        }
    return options


def _click_script(links: dict[str, str], open_label: str) -> str:
    """A script that shows a link to the clicked node's page (new tab: top navigation is sandboxed)."""
    return f"""
<div id="airoles-node-link" style="position:absolute;top:8px;left:8px;display:none;z-index:10;
  background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 10px;font:14px sans-serif;"></div>
<script>
(function () {{
  var links = {json.dumps(links)};
  var box = document.getElementById("airoles-node-link");
  function esc(s) {{ var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }}
  if (typeof network === "undefined" || !network) {{ return; }}
  network.on("click", function (params) {{
    if (!params.nodes.length || !links[params.nodes[0]]) {{ box.style.display = "none"; return; }}
    var id = params.nodes[0];
    var node = network.body.data.nodes.get(id);
    box.innerHTML = "<b>" + esc(node.label) + "</b> &middot; <a target=\\"_blank\\" href=\\"" +
      links[id] + "\\">" + esc({json.dumps(open_label)}) + " &#8599;</a>";
    box.style.display = "block";
  }});
}})();
</script>
"""


def network_html(drawing: Drawing, height: int = 560, open_label: str = "open") -> str:
    """Self-contained HTML (no remote resource) drawing ``drawing`` with vis-network via pyvis."""
    net = Network(height=f"{height}px", width="100%", directed=drawing.directed, cdn_resources="in_line")
    for node in drawing.nodes:
        extra = {"level": node.level} if node.level is not None else {}
        net.add_node(
            node.id,
            label=node.label,
            title=node.title or node.label,
            color=node.color,
            shape=node.shape,
            size=node.size,
            **extra,
        )
    for edge in drawing.edges:
        net.add_edge(
            edge.source,
            edge.target,
            label=edge.label or None,
            title=edge.title or edge.label or None,
            color=edge.color,
            width=edge.width,
            dashes=edge.dashes,
        )
    net.set_options(json.dumps(_options(drawing)))
    page = strip_remote_resources(net.generate_html(notebook=False))
    # pyvis prints an empty <h1> heading twice; drop them so the drawing starts at the top.
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    links = {n.id: html.escape(n.link, quote=True) for n in drawing.nodes if n.link}
    return page.replace("</body>", _click_script(links, open_label) + "</body>", 1)
