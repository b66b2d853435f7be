"""Interactive network drawings for the explorer: pyvis HTML with every script and style inlined.

The machine that runs the explorer may be offline, so nothing may load from a CDN. pyvis's
``cdn_resources="in_line"`` inlines vis-network, but its template still links Bootstrap from a CDN
(used only by menus we do not enable): :func:`strip_remote_resources` removes those tags and
:func:`remote_resources` lets callers (and tests) check that none is left.

pyvis draws inside an iframe (``st.iframe``, same origin, scripts allowed, top navigation sandboxed).
Clicking a node opens its page inside the app: the drawing's script follows the page's own link to the
same address (every page lists the drawn nodes' links under the drawing), which Streamlit handles without
reloading. Where there is no such link, or the parent cannot be reached, a small panel shows a link
instead (in a new tab: the frame may not navigate the top window). Drawings are the
same on every rerun for the same input (a fixed random seed, nodes in a fixed order), labels are never drawn
smaller than 12 px on screen (the view does not zoom out further), and the frame carries a title that says
what it shows; the pages give the same facts as a table.
"""

from __future__ import annotations

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


NODE_FONT = 14  # px at scale 1
MIN_LABEL = 12  # px on screen: the view never zooms out so far that labels get smaller
SEED = 7  # vis-network's layout seed: the same drawing on every rerun


def _options(drawing: Drawing) -> dict:
    options: dict = {
        "layout": {"randomSeed": SEED, "improvedLayout": True},
        "interaction": {"hover": True, "navigationButtons": True, "keyboard": True, "tooltipDelay": 150},
        "edges": {
            "smooth": {"type": "dynamic"},
            "font": {"size": MIN_LABEL, "align": "middle", "background": "white"},
        },
        "nodes": {"font": {"size": NODE_FONT}},
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


def _script_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>``: a ``</`` in a string cannot end the script."""
    return json.dumps(value).replace("</", "<\\/")


def _click_script(links: dict[str, str], open_label: str, title: str) -> str:
    """The drawing's behaviour: a click on a node opens its page in the app; labels stay readable; the
    frame is titled."""
    return f"""
<div id="airoles-node-link" style="position:absolute;top:8px;left:8px;display:none;z-index:10;
  background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 10px;font:14px sans-serif;"></div>
<script>
(function () {{
  var links = {_script_json(links)};
  var box = document.getElementById("airoles-node-link");
  function esc(s) {{ var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }}
  try {{ if (window.frameElement) window.frameElement.title = {json.dumps(title)}; }} catch (e) {{}}
  if (typeof network === "undefined" || !network) {{ return; }}
  var minScale = {MIN_LABEL} / {NODE_FONT};
  function readable() {{
    if (network.getScale() < minScale) network.moveTo({{scale: minScale}});
  }}
  network.once("stabilizationIterationsDone", readable);
  network.once("afterDrawing", readable);
  network.on("zoom", readable);
  function same(a, b) {{
    if (a.pathname !== b.pathname) return false;
    a.searchParams.sort(); b.searchParams.sort();
    return a.search === b.search;
  }}
  function openInApp(url) {{
    // Follow the page's own link to the same address: Streamlit then moves inside the app.
    var top = window.parent, target = new URL(url, top.location.href);
    var found = Array.from(top.document.querySelectorAll("a[data-testid='stPageLink-NavLink']")).find(
      function (a) {{ return same(new URL(a.getAttribute("href"), top.location.href), target); }});
    if (!found) return false;
    found.click();
    return true;
  }}
  network.on("click", function (params) {{
    if (!params.nodes.length || !links[params.nodes[0]]) {{ box.style.display = "none"; return; }}
    var id = params.nodes[0];
    try {{ if (openInApp(links[id])) return; }} catch (e) {{}}
    var node = network.body.data.nodes.get(id);
    box.innerHTML = "<b>" + esc(node.label) + "</b> &middot; <a target=\\"_blank\\" href=\\"" +
      esc(links[id]).replace(/"/g, "&quot;") + "\\">" + esc({json.dumps(open_label)}) + " &#8599;</a>";
    box.style.display = "block";
  }});
}})();
</script>
"""


def network_html(drawing: Drawing, height: int = 560, open_label: str = "open", title: str = "") -> str:
    """Self-contained HTML (no remote resource) drawing ``drawing`` with vis-network via pyvis; ``title``
    names the frame for screen readers (what it shows, and where the same facts are as text)."""
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
    links = {n.id: n.link for n in drawing.nodes if n.link}  # plain: escaped where written into HTML
    return page.replace("</body>", _click_script(links, open_label, title) + "</body>", 1)
