"""The report page: one self-contained HTML document (inline CSS and SVG, no external resource).

It reads with JavaScript off; a few lines of inline script only add a zoom button to each
timeline.  Tables sit in scrolling boxes, and the timeline scales with the page through
its ``viewBox``, so the page works at narrow widths.
"""

from __future__ import annotations

from html import escape
from typing import Dict, List, Sequence, Tuple

from ._model import SessionView
from ._svg import draw

__all__ = ["page"]

MAX_ROWS = 2000  # rows of a problem or error table; the rest are counted

CSS = """
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--speech:#1f6feb;--sent:#6e40c9;--audio:#1a7f37;
--cut:#cf222e;--done:#1a7f37;--cancel:#bc4c00;--fail:#cf222e;--partial:#9a6700;--other:#57606a;
--barge:#bc4c00;--call:#8250df;--error:#cf222e;--problem:#9a6700}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0 auto;
max-width:1200px;padding:12px}
h1{font-size:1.4em}h2{font-size:1.2em;border-top:2px solid var(--line);padding-top:10px;word-break:break-all}
h3{font-size:1em;margin:14px 0 4px}.muted,.axis-note{color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
svg.timeline{width:100%;min-width:560px;height:auto;display:block}
.wide svg.timeline{min-width:2400px}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid var(--line);padding:3px 7px;text-align:left;
vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;white-space:nowrap}
.lane-name{font-size:12px;fill:var(--fg)}.row0{fill:#f6f8fa}.row1{fill:#fff}
.tick,.tag{font-size:10px;fill:var(--muted)}.tick{text-anchor:middle}.axis-label{font-size:11px;text-anchor:middle;fill:var(--muted)}
.axis{stroke:var(--muted)}.pat-bg{fill:#fff}.pat-line{stroke:currentColor;stroke-width:2.5}.pat-dot{fill:currentColor}
.m{outline:none}.m:hover rect,.m:hover path,.m:focus rect,.m:focus path{stroke:#000;stroke-width:2}
.k-speech{fill:var(--speech)}.k-sent{color:var(--sent);fill:var(--sent);stroke:var(--sent)}
.k-audio{fill:var(--audio)}.k-heard{fill:var(--audio);stroke:var(--cut);stroke-dasharray:3 2}
.k-cut{fill:none;stroke:var(--cut);stroke-width:2.5}.k-completed{fill:var(--done)}
.k-cancelled{color:var(--cancel);stroke:var(--cancel)}.k-failed{color:var(--fail);stroke:var(--fail)}
.k-incomplete{color:var(--partial);stroke:var(--partial)}
.k-in_progress,.k-unfinished,.k-other{fill:#fff;stroke:var(--other);stroke-dasharray:4 2}
.k-barge{fill:var(--barge)}.reach{stroke:var(--barge);stroke-width:2}.k-call{fill:var(--call)}
.k-error{fill:var(--error)}.k-problem{fill:var(--problem)}.open{fill:none;stroke:var(--other);stroke-width:2}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none;font-size:.85em}
.legend svg{width:26px;height:16px;vertical-align:middle}
.role{font-weight:600;white-space:nowrap}button.zoom{font:inherit;margin:4px 0}
@media (max-width:600px){body{padding:6px;font-size:14px}}
"""

SCRIPT = """
document.querySelectorAll('button.zoom').forEach(function(b){b.hidden=false;b.onclick=function(){
var w=b.nextElementSibling;w.classList.toggle('wide');b.textContent=w.classList.contains('wide')?'Zoom out':'Zoom in';};});
"""

_LEGEND: Tuple[Tuple[str, str, str], ...] = (
    ("k-speech", '<rect x="1" y="3" width="24" height="10"/>', "user speech"),
    ("k-sent", '<rect x="1" y="3" width="24" height="10" fill="url(#legend-hatch)"/>', "audio sent (hatched)"),
    ("k-audio", '<rect x="1" y="3" width="24" height="10"/>', "assistant audio / completed response"),
    ("k-cut", '<path d="M13 1l-4 4l8 4l-8 4l4 3"/>', "truncation (zigzag)"),
    ("k-cancelled", '<rect x="1" y="3" width="24" height="10" fill="url(#legend-hatch)"/>', "cancelled (hatched)"),
    ("k-failed", '<rect x="1" y="3" width="24" height="10" fill="url(#legend-cross)"/>', "failed (cross-hatched)"),
    ("k-incomplete", '<rect x="1" y="3" width="24" height="10" fill="url(#legend-dots)"/>', "incomplete (dotted)"),
    ("k-other", '<rect x="1" y="3" width="24" height="10"/>', "unfinished (dashed outline)"),
    ("k-barge", '<path d="M7 3h12l-6 11z"/>', "barge-in (triangle down; line to the reaction)"),
    ("k-call", '<path d="M13 0l8 8l-8 8l-8 -8z"/>', "function call (diamond)"),
    ("k-error", '<rect x="7" y="2" width="12" height="12"/>', "server error (square)"),
    ("k-problem", '<path d="M13 1l8 14h-16z"/>', "protocol problem (triangle up)"),
)


def _legend() -> str:
    from ._svg import _defs

    items = "".join(
        f'<li><svg viewBox="0 0 26 16" aria-hidden="true"><g class="{kind}">{shape}</g></svg> {escape(text)}</li>'
        for kind, shape, text in _LEGEND
    )
    patterns = f'<svg width="0" height="0" aria-hidden="true" style="position:absolute">{_defs("legend")}</svg>'
    return f'{patterns}<ul class="legend">{items}</ul>'


CELL = 2000  # characters of a table cell at most (messages come from the log)


def _cell(text: str) -> str:
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    if not rows:
        return f'<h3>{escape(caption)}</h3><p class="muted">none</p>'
    shown = rows[:MAX_ROWS]
    header = "".join(f'<th scope="col">{escape(name)}</th>' for name in head)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i in numeric else ''}>{escape(_cell(cell))}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in shown
    )
    more = f'<p class="muted">… and {len(rows) - MAX_ROWS:,} more not listed here</p>' if len(rows) > MAX_ROWS else ""
    table = f'<div class="scroll"><table><tr>{header}</tr>{body}</table></div>'
    return f"<h3>{escape(caption)} ({len(rows):,})</h3>{table}{more}"


def _responses(rows: List[Dict[str, str]]) -> str:
    head = list(rows[0]) if rows else []
    return _table("Responses: latency and usage", head, [list(row.values()) for row in rows], range(2, 10))


def _transcript(lines: List[Tuple[str, str]]) -> str:
    return _table(
        "Transcript as heard", ("role", "text"), [(role, text or "(nothing known to be heard)") for role, text in lines]
    )


def _session(view: SessionView, number: int) -> str:
    parts = [f"<section><h2>{escape(view.source)}</h2>"]
    parts.append(f'<p class="muted">{escape(view.protocol or "protocol unknown")}, {view.events:,} events.</p>')
    if view.note:
        parts.append(f"<p><strong>{escape(view.note)}</strong></p>")
    if view.timeline is not None:
        title = f"Timeline of {view.source}"
        parts.append(f'<p class="axis-note">Timeline — {escape(view.timeline.axis)}. Hover or focus a mark for its details.</p>')
        parts.append('<button class="zoom" type="button" hidden>Zoom in</button>')
        parts.append(f'<div class="scroll">{draw(view.timeline, f"s{number}", title)}</div>')
        parts.append(_responses(view.responses))
        parts.append(_transcript(view.transcript))
        parts.append(_table("Protocol problems", ("code", "where", "event", "message"), view.problems))
        parts.append(_table("Server errors", ("code", "where", "event", "message"), view.errors))
    parts.append("</section>")
    return "".join(parts)


def page(views: Sequence[SessionView], title: str = "Realtime session report") -> str:
    """The whole HTML document."""
    sessions = "".join(_session(view, number) for number, view in enumerate(views))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        '<p class="muted">Made by azure-style-events <code>check --report</code>. A log that holds several sessions: '
        "the items (audio, calls, transcript) are the last session's.</p>"
        f"{_legend()}{sessions or '<p>No file was checked.</p>'}<script>{SCRIPT}</script></body></html>\n"
    )
