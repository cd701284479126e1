"""Drop repeated <script> entries from every page.

Inline scripts added with ``app.add_js_file(None, body=...)`` (sphinx-thebe's
``const THEBE_JS_URL = ...``, sphinx-togglebutton's settings) reach each page
twice in this Sphinx / Jupyter Book combination, and a ``const`` declared
twice is an error in the browser. Keeping the first of identical entries
changes nothing else.
"""


def _key(script):
    # the same inline script arrives once with filename None and once with ''
    attributes = getattr(script, "attributes", None) or {}
    return (getattr(script, "filename", None) or None,
            repr(sorted((k, str(v)) for k, v in attributes.items())))  # fmt: skip


def _unique(app, pagename, templatename, context, doctree):
    files = context.get("script_files")
    if not files:
        return
    seen, kept = set(), []
    for script in files:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    files[:] = kept  # in place: the theme may hold a reference to this list


def setup(app):
    app.connect("html-page-context", _unique, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
