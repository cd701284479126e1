"""Serve plotly.js with the book, once, for the interactive figures.

A chapter's interactive figure (``npdl.plotting.interactive``) is a ``<div>``
and a call to ``Plotly.newPlot``; this extension copies the ``plotly.min.js``
that ships inside the installed plotly package into ``_static/`` and loads
it on the pages that have such a figure, before their body runs. No CDN, no
copy per figure: the browser caches the one file for the whole site.
"""

from pathlib import Path

#: The class the figures' HTML carries (npdl.plotting.InteractiveFigure).
MARKER = 'class="npdl-interactive"'
SCRIPT = "plotly.min.js"


def _bundled_plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / SCRIPT


def _serve(app, config):
    # a file in html_static_path is copied into _static/ as it is
    config.html_static_path.append(str(_bundled_plotly_js()))


def _load_where_needed(app, pagename, templatename, context, doctree):
    if MARKER in context.get("body", ""):
        app.add_js_file(SCRIPT, priority=200)  # this page only; before the body


def setup(app):
    app.connect("config-inited", _serve)
    app.connect("html-page-context", _load_where_needed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
