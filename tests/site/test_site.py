"""Open every page of the built book in headless Chromium and check what a reader sees.

Run after the build (``make test`` does, or ``make site-test``); ``pytest tests``
does not collect this directory (``norecursedirs`` in pyproject.toml). Each page
listed in ``_toc.yml`` is opened as ``file://`` after its scripts ran (MathJax
included) and must show

* no raw MyST (a directive or role that was not parsed),
* no raw LaTeX outside rendered math, and no formula that MathJax left
  unrendered or rendered as an error,
* no broken image,
* no error traceback in a cell output,
* a collapsed solution (``:class: dropdown``) for every exercise,
* a link to the next page of the table of contents (all but the last page),
* nothing loaded from the network (MathJax is served from ``_static``).

The browser is Debian's ``chromium`` driven by ``chromedriver``; set
``SCRATCHNN_CHROME`` / ``SCRATCHNN_CHROMEDRIVER`` to use others. Without a
browser the tests are skipped, unless ``SCRATCHNN_REQUIRE_BROWSER=1`` (as in CI),
which makes a missing browser an error.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tools import notebooks as nbtools

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


PAGES = nbtools.toc_files()

RAW_MYST = re.compile(
    r"```\{|:::\{|\{(?:math|eq|ref|numref|doc|cite(?::[pt])?|glue(?::\w+)?|exercise|"
    r"solution|solution-start|solution-end|code-cell|figure|admonition|note|warning|"
    r"tip|dropdown|bibliography|eval-rst)\}"
    r"|\{(?:glue|exercise|solution-start|solution-end)"
)
RAW_LATEX = re.compile(
    r"\$\$|\\(?:frac|begin|end|mathbf|mathrm|boldsymbol|sum|prod|partial|sigma|"
    r"cdot|times|odot|left|right|sqrt|hat|log|exp|alpha|beta|epsilon|lambda|theta|"
    r"nabla|text|quad|qquad|le|ge|in|top)\b"
    r"|(?<![\w$])\$[^$\s](?:[^$\n]{0,200}?[^$\s\\])?\$(?![\w$])"
)

# Collect what a reader sees once every script (MathJax included) has run.
# Text inside code, outputs, rendered math and scripts is left out: code may
# legitimately contain `$$` or `{math}`.
INSPECT_JS = r"""
const done = arguments[arguments.length - 1];
const all = (selector, root = document) => [...root.querySelectorAll(selector)];
const inspect = () => {
  const skip = "pre, code, script, style, mjx-container, .highlight, .cell_output";
  const main = document.querySelector("main") || document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && !n.parentElement.closest(skip)) texts.push(n.nodeValue);
  }
  const unrendered = all(".math")
    .filter(e => !e.querySelector("mjx-container"))
    .map(e => e.textContent.trim().slice(0, 80));
  const mathErrors = all("mjx-merror")
    .map(e => (e.getAttribute("data-mjx-error") || e.textContent).slice(0, 80));
  const brokenImages = [...document.images]
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute("src") || "(no src)");
  const tracebacks = all(".output.traceback, .output.error").length;
  const linksTo = (sol, id) => all(".admonition-title a", sol)
    .some(a => (a.getAttribute("href") || "").endsWith("#" + id));
  const after = (a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
  const exercises = all(".exercise").map(ex => {
    const solutions = all(".solution").filter(s => linksTo(s, ex.id) && after(ex, s));
    const dropdown = solutions.every(s => s.classList.contains("dropdown"));
    return {id: ex.id, solutions: solutions.length, dropdown};
  });
  const next = document.querySelector("a.right-next");
  const network = performance.getEntriesByType("resource").map(r => r.name)
    .filter(u => /^(https?|wss?):/.test(u));
  done({text: texts.join(" "), unrendered, mathErrors, brokenImages, tracebacks,
        exercises, next: next ? next.href : null, network});
};
const mathjaxReady = () =>
  window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
const settle = () => {
  const images = Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(r => { img.onload = img.onerror = r; })));
  Promise.all([images, mathjaxReady() || null]).then(inspect, inspect);
};
// MathJax is loaded with `defer`: wait until it has created its startup promise.
const hasMathJax = !!document.querySelector("script[src*='mathjax']");
let tries = 0;
const poll = () => {
  const ready = document.readyState === "complete"
    && (!hasMathJax || mathjaxReady() || tries > 100);
  if (ready) { settle(); } else { tries++; setTimeout(poll, 100); }
};
poll();
"""


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


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
    if not (HTML / "index.html").exists():
        pytest.fail(f"no built book in {HTML}: run `make book` first")

    # Selenium Manager would try to download a driver: the paths are given, and
    # it is told to stay offline anyway.
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chrome
    profile = tempfile.mkdtemp(prefix="scratchnn-chromium-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(
        options=options, service=Service(executable_path=driver_path)
    )
    driver.set_script_timeout(30)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _page(entry: str) -> Path:
    return HTML / f"{entry}.html"


@pytest.mark.parametrize("index", range(len(PAGES)), ids=PAGES)
def test_page_renders(browser, index):
    entry = PAGES[index]
    page = _page(entry)
    assert page.exists(), (
        f"{entry} is in _toc.yml but {page.relative_to(ROOT)} was not built"
    )
    browser.get(page.as_uri())
    seen = browser.execute_async_script(INSPECT_JS)
    problems = []

    text = " ".join(seen["text"].split())
    for kind, pattern in (("MyST", RAW_MYST), ("LaTeX", RAW_LATEX)):
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40]
            problems.append(f"raw {kind} {match.group(0)!r} shown in: ...{context}...")
    problems += [f"math not rendered by MathJax: {m!r}" for m in seen["unrendered"]]
    problems += [f"MathJax error: {m!r}" for m in seen["mathErrors"]]
    problems += [f"broken image: {src}" for src in seen["brokenImages"]]
    if seen["tracebacks"]:
        problems.append(f"{seen['tracebacks']} error traceback(s) in cell outputs")
    for ex in seen["exercises"]:
        if not ex["solutions"]:
            problems.append(f"exercise {ex['id']!r} has no solution after it")
        elif not ex["dropdown"]:
            problems.append(f"the solution of exercise {ex['id']!r} is not a dropdown")
    problems += [f"loaded from the network: {url}" for url in seen["network"]]

    if index + 1 < len(PAGES):
        expected = _page(PAGES[index + 1]).as_uri()
        if seen["next"] is None:
            problems.append(f"no link to the next page ({PAGES[index + 1]})")
        elif seen["next"].split("#")[0] != expected:
            problems.append(
                f"the next link goes to {seen['next']}, expected {expected}"
            )

    assert not problems, f"{entry}.html:\n  " + "\n  ".join(problems)


# --- animations (issue 14): every page with an animation plays it offline

#: Pages whose notebook shows an animation: a cell that calls an animate_*
#: helper of scratchnn.animation. Taken from the notebooks, not from the built
#: pages, so that a page that lost its player fails instead of being skipped.
ANIMATED = [
    entry
    for entry in PAGES
    if (path := nbtools.resolve_toc_file(entry)) is not None
    and path.suffix == ".ipynb"
    and re.search(r"\banimate_\w+\(", path.read_text(encoding="utf-8"))
]

# Each matplotlib jshtml player: its state form, slider, buttons and image.
PLAYERS_JS = r"""
return [...document.querySelectorAll("div.animation")].map(div => ({
  state: div.querySelectorAll(".anim-state").length,
  slider: div.querySelectorAll("input[type=range].anim-slider").length,
  play: div.querySelectorAll("button[title='Play']").length,
  step: div.querySelectorAll("button[title='Next frame']").length,
  img: div.querySelector("img") ? div.querySelector("img").getAttribute("src") : null,
  frames: div.querySelector("input[type=range]")
    ? Number(div.querySelector("input[type=range]").max) + 1 : 0,
}));
"""


def test_the_book_has_animations_on_three_pages():
    assert len(ANIMATED) >= 3, f"animations on {ANIMATED} only"


@pytest.mark.parametrize("entry", ANIMATED)
def test_animations_have_controls_and_step(browser, entry):
    import time

    from selenium.webdriver.common.by import By

    browser.get(_page(entry).as_uri())
    # Each player shows its first frame from a setTimeout after the page loads.
    for _ in range(50):
        players = browser.execute_script(PLAYERS_JS)
        if players and all(player["img"] for player in players):
            break
        time.sleep(0.1)
    assert players, f"{entry}.html shows no animation player (div.animation)"
    for k, player in enumerate(players):
        where = f"{entry}.html, animation {k + 1}"
        for part in ("state", "slider", "play", "step"):
            assert player[part] == 1, f"{where}: no {part} control: {player}"
        assert player["img"], f"{where}: no frame shown"
        assert player["frames"] >= 2, f"{where}: only {player['frames']} frame"
        div = browser.find_elements(By.CSS_SELECTOR, "div.animation")[k]
        browser.execute_script("arguments[0].scrollIntoView();", div)
        div.find_element(By.CSS_SELECTOR, "button[title='Next frame']").click()
        after_step = div.find_element(By.TAG_NAME, "img").get_attribute("src")
        assert after_step != player["img"], f"{where}: stepping did not change it"
        slider = div.find_element(By.CSS_SELECTOR, "input[type=range]")
        last = player["frames"] - 1
        browser.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input'));"
            "arguments[0].dispatchEvent(new Event('change'));",
            slider,
            last,
        )
        at_end = div.find_element(By.TAG_NAME, "img").get_attribute("src")
        assert at_end not in (player["img"], after_step), (
            f"{where}: moving the slider to the last frame did not change it"
        )
