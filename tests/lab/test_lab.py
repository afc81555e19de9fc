"""Open a chapter in JupyterLab in headless Chromium and check what a learner sees.

Run by ``make lab-test`` (and ``make test``); ``pytest tests`` does not collect
this directory (``norecursedirs`` in pyproject.toml). JupyterLab is started on
127.0.0.1 on a free port with a fresh token and its own settings, serving a
temporary copy of one chapter with one cell added at its end, a tiny
``model(..., progress=True)``. The test then

* opens the chapter and checks that opening it does not mark it modified
  (the stored ``language_info`` is what the kernel reports, so autosave has
  nothing to rewrite),
* runs all cells (Run > Run All Cells) and waits for the last one,
* checks that no raw MyST is visible (``:label:`` lines, ```{exercise}
  fences, ``{solution-start}``): jupyterlab-myst renders the exercises, and
  their math (KaTeX),
* checks that every solution's code cells are collapsed (source and
  outputs), as tools/notebooks.py stores them,
* checks that the progress bar is a widget (ipywidgets), not tqdm's text
  fallback on stderr.

The browser is Debian's ``chromium`` driven by ``chromedriver`` (or
``SCRATCHNN_CHROME`` / ``SCRATCHNN_CHROMEDRIVER``). Without a browser the test
is skipped, unless ``SCRATCHNN_REQUIRE_BROWSER=1`` (as in CI), which makes a
missing browser an error.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tools import notebooks as nbtools

ROOT = Path(__file__).resolve().parents[2]
#: A short chapter with exercises, gated solutions with code, and math
#: (SCRATCHNN_LAB_CHAPTER=path checks another notebook).
CHAPTER = Path(
    os.environ.get("SCRATCHNN_LAB_CHAPTER", ROOT / "book" / "02_sigmoid.ipynb")
)
#: The cell added at the end of the copy: a few iterations with the bar on.
PROGRESS_CELL = """\
import numpy as np

from scratchnn import model

X_bar = np.array([[0.0, 1.0, 2.0, 3.0]])
Y_bar = np.array([[0, 0, 1, 1]])
_ = model(X_bar, Y_bar, [1, 1], num_iterations=50, progress=True)"""
STARTUP = 60  # seconds for JupyterLab to answer
RUN_ALL = 60  # seconds for every cell of the chapter to run


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    chrome = _find("SCRATCHNN_CHROME", "chromium", "chromium-browser", "google-chrome")
    driver_path = _find("SCRATCHNN_CHROMEDRIVER", "chromedriver")
    if not chrome or not driver_path:
        message = (
            "no headless browser: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver) or set SCRATCHNN_CHROME and "
            "SCRATCHNN_CHROMEDRIVER"
        )
        if os.environ.get("SCRATCHNN_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chrome
    profile = tempfile.mkdtemp(prefix="scratchnn-lab-chromium-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(
        options=options, service=Service(executable_path=driver_path)
    )
    driver.set_script_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _with_progress_cell(source: Path, target: Path) -> None:
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "lab-test-progress",
            "metadata": {},
            "outputs": [],
            "source": PROGRESS_CELL.splitlines(keepends=True),
        }
    )
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of CHAPTER; yields (base URL, token, folder)."""
    folder = tmp_path_factory.mktemp("lab")
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    _with_progress_cell(CHAPTER, notebooks / CHAPTER.name)
    port, token = _free_port(), secrets.token_hex(16)
    # Every cell laid out at once: JupyterLab's default windowing attaches the
    # cells of a long notebook a few at a time, which takes most of a minute in
    # a headless browser on a busy machine. What a cell shows is the same.
    tracker = folder / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"})
    )
    env = dict(
        os.environ,
        # Settings, workspaces and runtime files of this run only.
        JUPYTER_CONFIG_DIR=str(folder / "config"),
        JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(folder / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(folder / "workspaces"),
    )
    command = [
        str(Path(sys.executable).with_name("jupyter-lab")),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebooks}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # Offline: no listing of extensions from PyPI.
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    log = (folder / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}") as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(
                "JupyterLab did not start:\n" + (folder / "lab.log").read_text()
            )
        time.sleep(0.5)
    yield base, token, notebooks
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


# What the learner sees, read from the DOM of the open notebook.
STATE_JS = r"""
const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
if (!panel) return null;
const cells = [...panel.querySelectorAll(".jp-Notebook .jp-Cell")];
const tab = document.querySelector(
  ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current");
const status = document.querySelector(".jp-Notebook-ExecutionIndicator");
return {
  dirty: !!(tab && tab.classList.contains("jp-mod-dirty")),
  kernel: status ? status.getAttribute("data-status") : null,
  cells: cells.map(c => ({
    code: c.classList.contains("jp-CodeCell"),
    prompt: (c.querySelector(".jp-InputPrompt") || {}).textContent || "",
    inputHidden: !!c.querySelector(".jp-InputPlaceholder"),
    outputHidden: !!c.querySelector(".jp-OutputPlaceholder"),
    // The rendered markdown: jupyterlab-myst's widget (.myst), or JupyterLab's
    // own renderer without it; never the (hidden) editor holding the source.
    text: c.classList.contains("jp-MarkdownCell")
      ? [...c.querySelectorAll(".myst, .jp-RenderedMarkdown")]
          .map(e => e.textContent).join(" ")
      : "",
    katex: c.querySelectorAll(".katex").length,
    widgets: c.querySelectorAll(".widget-progress, .jupyter-widgets progress, " +
                                ".widget-hprogress").length,
    stderr: c.querySelectorAll("[data-mime-type='application/vnd.jupyter.stderr']")
      .length,
  })),
};
"""


def _wait(browser, predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = browser.execute_script(STATE_JS)
        if state and predicate(state):
            return state
        time.sleep(0.5)
    page = Path(tempfile.mkdtemp(prefix="scratchnn-lab-")) / "page.html"
    page.write_text(browser.page_source, encoding="utf-8")
    pytest.fail(
        f"timed out after {timeout} s waiting for {what} (the page: {page}); "
        f"last state: {state}"
    )


def _run_all(browser) -> None:
    """Run > Run All Cells, through the command palette."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    notebook = browser.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel .jp-Notebook")
    notebook.click()
    palette = browser.find_element(By.CSS_SELECTOR, "body")
    palette.send_keys(Keys.ESCAPE)
    palette.send_keys(Keys.CONTROL, Keys.SHIFT, "c")
    query = browser.find_element(By.CSS_SELECTOR, ".lm-CommandPalette-input")
    query.send_keys("Run All Cells")
    item = browser.find_element(
        By.CSS_SELECTOR,
        ".lm-CommandPalette-item[data-command='notebook:run-all-cells']",
    )
    item.click()


def test_chapter_in_jupyterlab(browser, lab):
    base, token, folder = lab
    start = time.monotonic()
    timings = {}
    stored = (folder / CHAPTER.name).read_bytes()
    browser.get(f"{base}/lab/tree/{CHAPTER.name}?token={token}")
    nb = json.loads(stored)
    _wait(
        browser,
        lambda s: len(s["cells"]) == len(nb["cells"]),
        STARTUP,
        "the notebook to open",
    )
    timings["cells shown"] = time.monotonic() - start
    _wait(browser, lambda s: s["kernel"] == "idle", STARTUP, "an idle kernel")
    timings["kernel idle"] = time.monotonic() - start
    time.sleep(2)  # the kernel's language_info arrives with its first reply
    opened = browser.execute_script(STATE_JS)
    assert not opened["dirty"], (
        f"opening {CHAPTER.name} marks it modified: JupyterLab wrote metadata the "
        "stored notebook lacks (the kernel's language_info?); run `python -m "
        "tools.notebooks`, and autosave will stop rewriting tracked files"
    )
    solution_ids = {id(c) for c in nbtools.solution_code_cells(nb["cells"])}
    solutions = [i for i, c in enumerate(nb["cells"]) if id(c) in solution_ids]
    assert solutions, f"{CHAPTER.name} has no solution code cells to check"
    problems = []
    for i in solutions:
        cell = opened["cells"][i]
        if not (cell["inputHidden"] and cell["outputHidden"]):
            problems.append(
                f"cell {i} (a solution) is not collapsed on opening: code hidden "
                f"{cell['inputHidden']}, outputs hidden {cell['outputHidden']}"
            )

    _run_all(browser)
    state = _wait(
        browser,
        # A collapsed cell shows no prompt: wait for the last cell's count.
        lambda s: (
            s["kernel"] == "idle"
            and not any("*" in c["prompt"] for c in s["cells"])
            and re.fullmatch(r"\[\d+\]:", s["cells"][-1]["prompt"].strip())
        ),
        RUN_ALL,
        "Run All Cells to finish",
    )
    timings["run all"] = time.monotonic() - start
    (folder.parent / "page.html").write_text(browser.page_source, encoding="utf-8")
    markdown = " ".join(c["text"] for c in state["cells"])
    for raw in (":label:", "```{exercise}", "{exercise}", "{solution-start}"):
        if raw in markdown:
            at = markdown.index(raw)
            problems.append(
                f"raw MyST {raw!r} shown: ...{markdown[max(0, at - 60) : at + 60]}..."
            )
    sources = [nbtools.cell_source(c) for c in nb["cells"]]
    math_cells = [
        i
        for i, (cell, source) in enumerate(zip(nb["cells"], sources, strict=True))
        if cell["cell_type"] == "markdown" and "$" in source
    ]
    unrendered = [i for i in math_cells if not state["cells"][i]["katex"]]
    if unrendered:
        problems.append(f"math not rendered (no KaTeX) in markdown cells {unrendered}")
    exercises = [i for i, s in enumerate(sources) if "{exercise}" in s]
    for i in exercises:
        if "Exercise" not in state["cells"][i]["text"]:
            problems.append(f"cell {i}: the exercise is not rendered as one")
    # Running a cell shows its outputs again (JupyterLab's choice); the
    # solution's code stays hidden.
    shown = [i for i in solutions if not state["cells"][i]["inputHidden"]]
    if shown:
        problems.append(f"running all cells showed the code of solutions {shown}")
    bar = state["cells"][-1]
    if not bar["widgets"]:
        problems.append("model(..., progress=True) shows no widget progress bar")
    if bar["stderr"]:
        problems.append("model(..., progress=True) wrote to stderr (a text bar?)")
    elapsed = time.monotonic() - start
    print(f"the page as run: {folder.parent / 'page.html'}")
    print(
        f"JupyterLab: opened, ran and checked {CHAPTER.name} in {elapsed:.0f} s "
        f"({', '.join(f'{k} at {v:.0f} s' for k, v in timings.items())})"
    )
    assert not problems, f"{CHAPTER.name} in JupyterLab:\n  " + "\n  ".join(problems)
