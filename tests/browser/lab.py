"""JupyterLab on the learner's notebooks, for the browser tests in ``test_lab.py``.

:func:`start_lab` prepares a workspace (``tools.workspace.prepare``) in a
temporary folder and starts JupyterLab from this Python's environment on it,
on ``127.0.0.1`` at a free port, with no token, no browser, and a temporary
``HOME`` and Jupyter config, data, runtime, settings and workspaces folders,
so that nothing of the user's is read or written. News, update checks and
the extension manager's PyPI search are off, so nothing tries the network.
Kernels start with this environment's ``bin/`` first on ``PATH``, so the
default kernel ``python3`` (whose command is ``python``) is this Python.
:func:`stop_lab` terminates the server (which shuts its kernels down), kills
it if it lingers, and kills any kernel it left behind.

:func:`visit_notebook` is one learner's session with one notebook: it opens
it, records what each cell shows, takes screenshots, runs Run All, records
again, and clicks a solution's summary, a collapsed solution cell and a
cross-reference, all in one visit, so each notebook is opened once.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .browsing import ROOT, PlaywrightTimeout, Recorder

#: How long JupyterLab may take to answer, and to stop.
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 15

#: JupyterLab user settings, written into the temporary settings folder.
LAB_SETTINGS = {
    # No news feed, no "would you like news?" toast, no update check.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Attach every cell to the page. JupyterLab's default ("contentVisibility")
    # renders the same cells but lets the browser skip laying out those off
    # screen, so what is "visible" would depend on the scroll position.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@dataclass
class Lab:
    """A running JupyterLab and where its files are."""

    url: str  # http://127.0.0.1:PORT/
    workspace: Path  # the learner notebooks: JupyterLab's root folder
    home: Path  # the temporary HOME, with every Jupyter folder inside
    log: Path  # the server's output
    env: dict[str, str]  # the server's environment, which its kernels inherit
    process: subprocess.Popen

    def tail(self, lines: int = 40) -> str:
        """The end of the server's log, for error messages."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, path: str) -> object:
        """A JupyterLab REST GET (no token is needed); the JSON it returns."""
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return json.loads(response.read())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_environment(home: Path) -> dict[str, str]:
    """The server's (and so the kernels') environment: everything in `home`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "XDG_", "IPYTHON", "MPLCONFIG"))}  # fmt: skip
    folders = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / ".jupyter",
        "JUPYTER_DATA_DIR": home / ".local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / ".ipython",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_DATA_HOME": home / ".local/share",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, *(p for p in env.get("PATH", "").split(os.pathsep)
                                              if p and p != bin_dir)])  # fmt: skip
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # as in the Makefile: no debugpy warning
    env["PYTHONUNBUFFERED"] = "1"
    return env


def write_settings(folder: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def lab_command(port: int, workspace: Path, home: Path) -> list[str]:
    return [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={workspace}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={home / 'lab-settings'}",
        f"--LabApp.workspaces_dir={home / 'lab-workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # Jupyter refuses to run as root (in a container, say) without this.
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]  # fmt: skip


def _die_with_parent() -> None:
    """In the server's process, before it starts (Linux): be sent SIGTERM when
    the test run dies, even killed, so JupyterLab never outlives it. Its
    kernels follow it: ipykernel exits when its parent process goes."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_lab(tmp: Path) -> Lab:
    """Prepare a workspace in `tmp` and start JupyterLab on it; wait until it answers."""
    from tools.workspace import prepare

    workspace, home = tmp / "workspace", tmp / "home"
    prepare(root=ROOT, dest=workspace)
    env = lab_environment(home)
    write_settings(home / "lab-settings")
    log = tmp / "jupyterlab.log"
    for attempt in range(3):  # another program may take the free port first
        port = free_port()
        with open(log, "wb") as out:
            process = subprocess.Popen(
                lab_command(port, workspace, home), cwd=workspace, env=env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
        lab = Lab(f"http://127.0.0.1:{port}/", workspace, home, log, env, process)
        atexit.register(stop_lab, lab)  # should the caller's own clean-up never run
        try:
            wait_until_answers(lab)
        except BaseException as exc:
            stop_lab(lab)
            if attempt < 2 and isinstance(exc, RuntimeError) and "already in use" in lab.tail():
                continue
            raise
        return lab
    raise RuntimeError("no free port for JupyterLab")


def wait_until_answers(lab: Lab, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if lab.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {lab.process.returncode}:\n"
                               f"{lab.tail()}")  # fmt: skip
        try:
            lab.api("api/status")
            with urllib.request.urlopen(lab.url + "lab", timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"JupyterLab did not answer at {lab.url} within {timeout} s:\n"
                               f"{lab.tail()}")  # fmt: skip
        time.sleep(0.2)


def _kernel_pids(runtime: Path) -> list[int]:
    """Processes started with a connection file in `runtime`: our kernels, and only ours."""
    pids = []
    marker = str(runtime).encode()
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker in cmdline and b"ipykernel" in cmdline:
            pids.append(int(entry.name))
    return pids


def stop_lab(lab: Lab) -> None:
    """Stop the server (terminate, then kill), then kill any kernel still
    running from this server's runtime folder (Jupyter starts kernels in a
    session of their own, so killing the server alone would orphan them)."""
    if lab.process.poll() is None:
        lab.process.terminate()  # Jupyter shuts its kernels down on SIGTERM
        try:
            lab.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            lab.process.kill()
            lab.process.wait(timeout=STOP_TIMEOUT_S)
    for pid in _kernel_pids(lab.home / "runtime"):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --------------------------------------------------------------------------
# One learner's session with one notebook
# --------------------------------------------------------------------------

#: How long a notebook may take to open (kernel included) and to run all its cells.
OPEN_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 180_000
CLICK_TIMEOUT_MS = 10_000

#: The notebook is open, its kernel idle, every Markdown cell rendered and,
#: where its source has a ``$``, typeset by MathJax; or a dialog is up.
_READY_JS = """(name) => {
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) return {dialog: dialog.innerText.slice(0, 500)};
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== name) return false;
  if (!panel.context.isReady || !panel.sessionContext.session) return false;
  const kernel = panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || kernel.connectionStatus !== 'connected') return false;
  const cells = panel.content.widgets;
  if (!cells.length || cells.length !== panel.context.model.cells.length) return false;
  for (const cell of cells) {
    if (cell.model.type !== 'markdown') continue;
    const md = cell.node.querySelector('.jp-RenderedMarkdown');
    if (!cell.rendered || !md || !md.childElementCount) return false;
    if (cell.model.sharedModel.getSource().includes('$') && !md.querySelector('mjx-container'))
      return false;
  }
  return {ready: true};
}"""

#: Everything a learner sees in each cell of the current notebook.
_CELLS_JS = """() => {
  const shown = el => {
    if (!el || !el.isConnected) return false;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // The text of the rendered Markdown outside code and typeset math, folded
  // parts included (raw MyST or TeX there would show once unfolded).
  const prose = root => {
    const skip = 'pre, code, mjx-container, script, style';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (!n.parentElement.closest(skip)) parts.push(n.textContent);
    return parts.join('');
  };
  const text = el => (el ? el.textContent : null);
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map((cell, index) => {
    const model = cell.model;
    const rec = {index, type: model.type, source: model.sharedModel.getSource(),
                 visible: cell.node.innerText};
    if (model.type === 'markdown') {
      const md = cell.node.querySelector('.jp-RenderedMarkdown');
      if (!md) return Object.assign(rec, {rendered: false});
      Object.assign(rec, {
        rendered: !!cell.rendered && shown(md),
        prose: prose(md),
        math: md.querySelectorAll('mjx-container').length,
        display_math: md.querySelectorAll('mjx-container[display="true"]').length,
        math_errors: [...md.querySelectorAll('mjx-merror')]
          .map(e => e.getAttribute('data-mjx-error') || e.textContent),
        boxes: [...md.querySelectorAll('div.alert')].map(box => {
          const style = getComputedStyle(box);
          return {classes: [...box.classList],
                  heading: text(box.querySelector('h1, h2, h3, h4, h5, h6')),
                  heading_tag: (box.querySelector('h1, h2, h3, h4, h5, h6') || {}).tagName || null,
                  title: text(box.querySelector('strong, b')),
                  shown: shown(box), background: style.backgroundColor,
                  border: style.borderTopWidth + ' ' + style.borderTopStyle,
                  padding: style.paddingLeft};
        }),
        details: [...md.querySelectorAll('details')].map(d => ({
          open: d.open, summary: text(d.querySelector('summary')),
          summary_shown: shown(d.querySelector('summary')),
          body_shown: [...d.children].some(c => c.tagName !== 'SUMMARY' && shown(c))})),
        links: [...md.querySelectorAll('a[href]')]
          .map(a => ({text: a.textContent, href: a.getAttribute('href')})),
        proofs: [...md.querySelectorAll('em')]
          .filter(e => e.textContent.trim() === 'Proof.').length,
        list_items: [...md.querySelectorAll('li')].map(li => ({
          label: text(li.querySelector('strong')), text: li.textContent})),
        headings: [...md.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.textContent),
      });
    } else if (model.type === 'code') {
      const editor = cell.node.querySelector('.jp-InputArea .cm-content');
      const placeholder = cell.node.querySelector('.jp-InputPlaceholder');
      Object.assign(rec, {
        jupyter_metadata: model.getMetadata('jupyter') || null,
        input_hidden: cell.inputHidden, output_hidden: cell.outputHidden,
        placeholder: shown(placeholder) ? placeholder.innerText : null,
        editor_shown: shown(editor), editor_text: editor ? editor.innerText : '',
        execution_count: model.executionCount,
        output_types: model.outputs.toJSON().map(o => o.output_type),
        outputs: [...cell.node.querySelectorAll('.jp-OutputArea-output')].map(o => ({
          mime: o.getAttribute('data-mime-type'), text: o.innerText.slice(0, 500),
          shown: shown(o)})),
        output_text: [...cell.node.querySelectorAll('.jp-OutputArea')]
          .map(o => o.innerText).join('\\n'),
        output_children: [...cell.node.querySelectorAll('.jp-OutputArea > *')].map(c => ({
          classes: c.className, height: c.getBoundingClientRect().height,
          text: c.innerText.trim().length, media: !!c.querySelector('img, svg, canvas')})),
        output_wrapper_shown: shown(cell.node.querySelector('.jp-Cell-outputWrapper')),
        output_placeholder_shown: shown(cell.node.querySelector('.jp-OutputPlaceholder')),
      });
    }
    return rec;
  });
}"""

#: Ask the notebook's kernel (silently, outside the cells) which Python it is.
_KERNEL_PREFIX_JS = """async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute(
    {code: 'import sys; print(sys.prefix)', silent: false, store_history: false});
  let out = '';
  future.onIOPub = msg => { if (msg.header.msg_type === 'stream') out += msg.content.text; };
  await future.done;
  return out.trim();
}"""

#: Run All as a learner does (Run > Run All Cells), counting the kernel's replies.
_RUN_ALL_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const run = window.__npdlRun = {done: false, ok: null, error: null, replies: []};
  kernel.anyMessage.connect((_, args) => {
    if (args.direction === 'recv' && args.msg.header.msg_type === 'execute_reply')
      run.replies.push(args.msg.content.status);
  });
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    ok => { run.ok = ok; run.done = true; },
    err => { run.error = String(err); run.done = true; });
}"""

_RUN_DONE_JS = """() => {
  const dialog = document.querySelector('.jp-Dialog');
  if (dialog) return {dialog: dialog.innerText.slice(0, 500)};
  const run = window.__npdlRun;
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  return run.done && kernel.status === 'idle' ? run : false;
}"""

_SHUTDOWN_JS = """async () => {
  const panels = [...window.jupyterapp.shell.widgets('main')].filter(w => w.sessionContext);
  await Promise.all(panels.map(w => w.sessionContext.shutdown()));
}"""


@dataclass
class NotebookFacts:
    """What a learner's browser showed of one notebook in JupyterLab."""

    name: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    kernel_prefix: str = ""
    before: list[dict] = field(default_factory=list)  # each cell, as opened
    run: dict = field(default_factory=dict)  # Run All: ok, replies, error
    after: list[dict] = field(default_factory=list)  # each cell, after Run All
    summary_click: dict = field(default_factory=dict)
    cross_reference: dict = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    plotly: dict = field(default_factory=dict)  # interactive figures after Run All


#: A figure drawn by the Plotly extension of the plotly package, which
#: JupyterLab uses for the interactive figures (npdl.plotting.interactive).
_PLOTLY_OUTPUT = ".jp-OutputArea-output.js-plotly-plot"
PLOTLY_MIME = "application/vnd.plotly.v1+json"

# Ready when `expected` figures have drawn their SVG.
_PLOTLY_JS = """(expected) => {
  const plots = [...document.querySelectorAll('SELECTOR')];
  const drawn = plots.filter(p => p.querySelector('.main-svg'));
  if (drawn.length < expected) return false;
  return {outputs: plots.length, drawn: drawn.length,
          sliders: plots.filter(p => p.querySelector('.slider-grip-rect')).length};
}""".replace("SELECTOR", _PLOTLY_OUTPUT)


def stored_plotly_outputs(path: Path) -> int:
    """How many outputs of the notebook at `path` carry an interactive figure."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(PLOTLY_MIME in output.get("data", {})
               for cell in nb["cells"] if cell["cell_type"] == "code"
               for output in cell.get("outputs", []))  # fmt: skip


def _wait(page, script: str, arg, timeout_ms: int, what: str, facts: NotebookFacts):
    """Wait until `script` returns something true; a dialog ends the wait."""
    try:
        result = page.wait_for_function(script, arg=arg, timeout=timeout_ms).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"{facts.name}: {what} did not happen within "
                             f"{timeout_ms / 1000:.0f} s") from None  # fmt: skip
    if isinstance(result, dict) and "dialog" in result:
        facts.dialogs.append(result["dialog"])
        raise AssertionError(f"{facts.name}: a dialog appeared while waiting until {what}: "
                             f"{result['dialog']!r}")  # fmt: skip
    return result


def _scroll_to(page, selector: str, block: str = "start") -> None:
    """Scroll the notebook to the first element matching `selector` (at the top)."""
    page.evaluate("([s, block]) => document.querySelector(s).scrollIntoView({block})",
                  [selector, block])  # fmt: skip
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def visit_notebook(context, lab: Lab, name: str, shots: Path) -> NotebookFacts:
    """Open notebook `name` as a learner does, look, Run All, look again, click.

    Screenshots go to `shots` as ``lab-<notebook>-<n>-<what>.png``.
    """
    facts = NotebookFacts(name=name)
    stem = name.removesuffix(".ipynb")
    page = context.new_page()
    recorder = Recorder(page)
    facts.console_errors = recorder.console_errors  # the same lists, filled as it listens
    facts.failed_requests = recorder.failed
    facts.requests = recorder.requests

    def shoot(what: str) -> None:
        path = shots / f"lab-{stem}-{len(facts.screenshots) + 1}-{what}.png"
        page.screenshot(path=str(path))
        facts.screenshots.append(path)

    start = time.monotonic()
    try:
        page.goto(f"{lab.url}lab/tree/{name}?reset", wait_until="load")
        _wait(page, _READY_JS, name, OPEN_TIMEOUT_MS, "the notebook was open and rendered", facts)
        facts.seconds["open"] = round(time.monotonic() - start, 1)
        facts.before = page.evaluate(_CELLS_JS)
        facts.kernel_prefix = page.evaluate(_KERNEL_PREFIX_JS)

        _scroll_to(page, ".jp-Notebook .jp-Cell")
        shoot("top")
        if page.locator(".jp-RenderedMarkdown .alert-success").count():
            _scroll_to(page, ".jp-RenderedMarkdown .alert-success")
            shoot("theorem")
        if page.locator(".jp-RenderedMarkdown .alert-warning").count():
            _scroll_to(page, ".jp-RenderedMarkdown .alert-warning")
            shoot("exercise")

        references = ".jp-RenderedMarkdown h2[data-jupyter-id='References']"
        if page.locator(references).count():
            _scroll_to(page, references, block="center")
            shoot("references")

        start = time.monotonic()
        page.evaluate(_RUN_ALL_JS)
        facts.run = _wait(page, _RUN_DONE_JS, None, RUN_TIMEOUT_MS,
                          "Run All finished and the kernel was idle", facts)  # fmt: skip
        facts.seconds["run_all"] = round(time.monotonic() - start, 1)
        facts.after = page.evaluate(_CELLS_JS)
        expected = stored_plotly_outputs(lab.workspace / name)
        facts.plotly = _wait(page, _PLOTLY_JS, expected, OPEN_TIMEOUT_MS,
                             "every interactive figure was drawn", facts)  # fmt: skip
        if facts.plotly["outputs"]:
            _scroll_to(page, _PLOTLY_OUTPUT, block="center")
            shoot("interactive-figure")
        # The first exercise's starter output, folded solution and solution cell.
        if page.locator(".jp-RenderedMarkdown details").count():
            _scroll_to(page, ".jp-RenderedMarkdown details", block="center")
        shoot("after-run-all")

        _click_first_summary(page, facts)
        if facts.summary_click:
            shoot("solution-opened")
        _follow_first_cross_reference(page, facts)
    finally:
        recorder.listening = False
        try:
            page.evaluate(_SHUTDOWN_JS)
        except Exception:  # noqa: BLE001 - the server's shutdown kills the kernel anyway
            pass
        page.close()
    return facts


def _click_first_summary(page, facts: NotebookFacts) -> None:
    summary = page.locator(".jp-RenderedMarkdown details > summary").first
    if not page.locator(".jp-RenderedMarkdown details > summary").count():
        return
    details = summary.locator("xpath=..")
    summary.scroll_into_view_if_needed()
    record = {"summary": summary.text_content(), "open_before": details.evaluate("d => d.open")}
    summary.click()
    try:
        page.wait_for_function("d => d.open", arg=details.element_handle(),
                               timeout=CLICK_TIMEOUT_MS)  # fmt: skip
        record["open_after"] = True
    except PlaywrightTimeout:
        record["open_after"] = False
    record["body_shown_after"] = details.evaluate(
        """d => [...d.children].some(c => c.tagName !== 'SUMMARY' && c.checkVisibility()
                                        && c.getBoundingClientRect().height > 0)"""
    )
    record["code_shown_after"] = details.evaluate(
        """d => [...d.querySelectorAll('pre')]
                 .filter(p => p.checkVisibility() && p.getBoundingClientRect().height > 0)
                 .map(p => p.innerText).join('\\n')"""
    )
    facts.summary_click = record


def _follow_first_cross_reference(page, facts: NotebookFacts) -> None:
    """Click the first link to another learner notebook; it must open in JupyterLab."""
    links = page.locator(".jp-RenderedMarkdown a[href*='.ipynb']")
    if not links.count():
        return
    link = links.first
    href = link.get_attribute("href")
    target = re.search(r"([\w-]+\.ipynb)", href).group(1)
    link.scroll_into_view_if_needed()
    link.click()
    try:
        _wait(page, _READY_JS, target, OPEN_TIMEOUT_MS, f"{target} was open and rendered", facts)
        opened = target
    except AssertionError:
        opened = page.evaluate(
            "() => (window.jupyterapp.shell.currentWidget || {context: {}}).context.path || null"
        )
    facts.cross_reference = {"text": link.text_content(), "href": href, "target": target,
                             "opened": opened, "page_url": page.url}  # fmt: skip
