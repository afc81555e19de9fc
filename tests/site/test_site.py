"""Open every page of the built book in headless Chromium and check what a reader sees.

Run after the build (``make test`` does, or ``make site-test``); ``pytest tests``
does not collect this directory (``norecursedirs`` in pyproject.toml). Each page
listed in ``_toc.yml`` is opened as ``file://`` after its scripts ran (MathJax
included) and must show

* no raw MyST (a directive or role that was not parsed),
* no raw LaTeX outside rendered math, no formula that MathJax left unrendered
  or rendered as an error, no backslash inside rendered math (a TeX
  command that MathJax showed as text, such as ``\\_`` inside ``\\texttt``),
  and no sentence typeset as a formula (a ``$`` paired with the wrong one),
* no broken image, and no image without alt text (docutils' stand-in, the
  file name, does not count),
* no error traceback in a cell output,
* code listings that keep their lines (no wrapping) and scroll sideways inside
  their own box, while plain printed output wraps,
* at 390 px, every display equation and every table fits its box, unscaled
  (no CSS transform, zoom or smaller font): MathJax 3 breaks no lines, so
  long equations are split by hand (``aligned``, ``gathered``); a reviewed
  few may be listed in ``WIDE_EQUATIONS`` with their reason,
* at 390 px, every figure of a cell output (a notebook's picture, an
  animation's frame) shown wide enough that its smallest text is at least
  8 CSS px: the text's size comes from the picture (its width and
  resolution, and the package's rule for the text of a figure that wide),
  its shown width from the browser, so a CSS rule that shrinks it (a width, a
  transform, a zoom) fails as well as a figure too wide for a phone,
* a collapsed solution (``:class: dropdown``) for every exercise,
* a link to the next page of the table of contents (all but the last page),
* nothing loaded from the network (MathJax is served from ``_static``);

and, at a desktop width (1280 px) and at a phone width (390 px):

* no sideways scroll of the whole page,
* nothing in the text column cut off by a box that hides its overflow, and
  nothing wider than the column that makes anything but its own box scroll
  (a wide equation, table or listing scrolls inside its own box).

``test_checks_catch_faults`` runs the same checks on a page made from a built
one, with every fault above planted in it, and expects each to be reported.

The browser is Debian's ``chromium`` driven by ``chromedriver``; set
``SCRATCHNN_CHROME`` / ``SCRATCHNN_CHROMEDRIVER`` to use others. Without a
browser the tests are skipped, unless ``SCRATCHNN_REQUIRE_BROWSER=1`` (as in CI),
which makes a missing browser an error.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from scratchnn.figures.style import readable_text_size
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

# Widths at which every page is laid out: a desktop window and a phone
# (390 px, an iPhone 12 to 15 held upright).
DESKTOP = (1280, 900)
PHONE = (390, 844)

# Helpers shared by the two scripts below.
HELPERS_JS = r"""
const all = (selector, root = document) => [...root.querySelectorAll(selector)];
// The TeX source of each formula, to name it in a message.
const texOf = new Map();
try {
  for (const item of window.MathJax.startup.document.math) {
    texOf.set(item.typesetRoot, item.math);
  }
} catch (e) { /* no MathJax on this page */ }
const describe = e => {
  const math = e.closest("mjx-container");
  const tex = math && (texOf.get(math) || "").trim().replace(/\s+/g, " ");
  if (math) return `formula $${tex.slice(0, 60)}$`;
  const cls = e.classList.length ? "." + [...e.classList].join(".") : "";
  const text = (e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
  return `<${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${cls}>` +
    (text ? ` ${JSON.stringify(text)}` : "");
};
const wraps = e => {
  const s = getComputedStyle(e);
  if (s.textWrapMode) return s.textWrapMode === "wrap";
  return !/^(pre|nowrap)$/.test(s.whiteSpace);
};
const scrolls = overflow => overflow === "auto" || overflow === "scroll";
"""

# Collect what a reader sees once every script (MathJax included) has run.
# Text inside code, outputs, rendered math and scripts is left out: code may
# legitimately contain `$$` or `{math}`. Rendered math is read separately,
# through the MathML that MathJax puts beside each formula for screen readers
# (mjx-assistive-mml) and through its glyphs (mjx-c.mjx-c5C is a backslash).
INSPECT_JS = (
    HELPERS_JS
    + r"""
const done = arguments[arguments.length - 1];
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
  const mathErrors = all("mjx-merror").map(e => {
    const error = e.getAttribute("data-mjx-error") || e.textContent;
    return `${describe(e)}: ${error.slice(0, 80)}`;
  });
  const mathBackslashes = all("mjx-container").filter(c => {
    const mml = c.querySelector("mjx-assistive-mml");
    return (mml && mml.textContent.includes("\\")) || c.querySelector("mjx-c.mjx-c5C");
  }).map(c => {
    const mml = c.querySelector("mjx-assistive-mml");
    const shown = mml ? mml.textContent.slice(0, 60) : "\\";
    return `${describe(c)} shows "${shown}"`;
  });
  // A `$` paired with the wrong partner turns a sentence into a formula: four
  // plain words in a row (outside \\text and friends) are prose, not math.
  const words = /(?:^|[^\\A-Za-z])[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){3,}/;
  const textCommand = /\\(?:text\w*|mathrm|operatorname|mbox)\s*\{[^{}]*\}/g;
  const proseAsMath = [...texOf.values()]
    .filter(tex => words.test(tex.replace(textCommand, " ")))
    .map(tex => tex.trim().replace(/\s+/g, " ").slice(0, 80));
  const brokenImages = [...document.images]
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute("src") || "(no src)");
  // docutils writes the image's address as alt when none was given.
  const fileName = src => src.split(/[?#]/)[0].split("/").pop();
  const noAlt = all("img", main).filter(img => {
    const alt = (img.getAttribute("alt") || "").trim();
    const src = img.getAttribute("src") || "";
    return !alt || alt === src || alt === fileName(src);
  }).map(img => img.getAttribute("src") || "(no src)");
  // Code (cell inputs, listings printed by scratchnn.show) keeps its lines and
  // scrolls sideways; plain printed output (.output) wraps.
  const code = all("div[class*='highlight-'] pre", main)
    .filter(pre => !pre.closest(".output"));
  const wrappedCode = code.filter(wraps).map(describe);
  const codeNoScroll = code.filter(pre => !scrolls(getComputedStyle(pre).overflowX))
    .map(describe);
  const unwrappedOutput = all(".cell_output .output pre", main)
    .filter(pre => !pre.closest(".traceback, .error"))
    .filter(pre => !wraps(pre)).map(describe);
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
  done({text: texts.join(" "), unrendered, mathErrors, mathBackslashes, proseAsMath,
        brokenImages,
        noAlt, wrappedCode, codeNoScroll, unwrappedOutput, tracebacks, exercises,
        next: next ? next.href : null, network});
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
)

# Lay out the page at the current window width and list what does not fit: a
# page that scrolls sideways, and every block of the text column (formula,
# table, listing, image, paragraph...) that sticks out of its column. Sticking
# out is allowed only inside a box of the text column that scrolls (a wide
# equation in its own scrolling box); a box that hides its overflow cuts the
# block off, and a scrolling box outside the text column (the whole column,
# the page) scrolls more than the block. Only the innermost offender is named:
# a paragraph that sticks out because of its formula is the formula's fault.
# Collapsed solutions are opened first, so that their content is laid out too.
LAYOUT_JS = (
    HELPERS_JS
    + r"""
const width = window.innerWidth;
const root = document.documentElement;
const problems = [];
all("details:not([open])").forEach(d => { d.open = true; });
all(".toggle-hidden").forEach(e => e.classList.remove("toggle-hidden"));
if (root.scrollWidth > width + 1) {
  problems.push(
    `the page scrolls sideways: ${root.scrollWidth} px wide in a ${width} px window`);
}
const column = document.querySelector("article") || document.querySelector("main");
const blocks = "mjx-container, table, pre, img, figure, p, li, dt, dd, " +
  "h1, h2, h3, h4, h5, h6, blockquote, .math, .highlight, .output, .cell_output, " +
  ".admonition, .pst-scrollable-table-container";
const offenders = new Map();
for (const e of column ? all(blocks, column) : []) {
  if (e.closest("mjx-assistive-mml")) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  // MathJax's hidden MathML for screen readers counts in scrollWidth: boxes
  // that hold a formula are measured by the formula's own box instead.
  const own = getComputedStyle(e).overflowX;
  const measurable = !e.querySelector("mjx-assistive-mml");
  if (own !== "visible" && !scrolls(own) && measurable &&
      e.scrollWidth > e.clientWidth + 1) {
    offenders.set(e, `${describe(e)} cuts off its own content ` +
      `(${e.scrollWidth} px in ${e.clientWidth} px, overflow-x: ${own})`);
    continue;
  }
  let box = e.parentElement;
  while (box && box !== root && getComputedStyle(box).overflowX === "visible") {
    box = box.parentElement;
  }
  const b = (box && box !== root) ? box.getBoundingClientRect()
                                  : {left: 0, right: width};
  if (r.right <= b.right + 1 && r.left >= b.left - 1) continue;
  const size = `${Math.round(r.width)} px wide`;
  if (!box || box === root) {
    offenders.set(e, `${describe(e)} sticks out of the window (${size})`);
  } else if (!scrolls(getComputedStyle(box).overflowX)) {
    offenders.set(e,
      `${describe(e)} is cut off (${size}) by ${describe(box).slice(0, 80)}`);
  } else if (!column.contains(box) || box === column) {
    offenders.set(e, `${describe(e)} (${size}) makes ${describe(box).slice(0, 60)} ` +
      "scroll instead of a box of its own");
  }
}
const found = [...offenders.keys()];
for (const [e, message] of offenders) {
  if (!found.some(o => o !== e && e.contains(o))) problems.push(message);
}
return problems;
"""
)


# At the phone width: every display equation fits its box, with nothing
# scaled to make it fit. A formula wider than the column would scroll inside
# its box (MathJax 3 breaks no lines), and a reader on a phone sees "dZ ="
# until they scroll; a CSS transform, zoom or smaller font would make it fit
# by making it unreadable. Tables in the text column must fit too. Returns
# [tex or table, problem] pairs.
FIT_JS = (
    HELPERS_JS
    + r"""
const problems = [];
const column = document.querySelector("article") || document.querySelector("main");
const para = column && column.querySelector("p");
const textSize = parseFloat(getComputedStyle(para || document.body).fontSize);
const scaled = e => {
  for (let a = e; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.transform && s.transform !== "none") return `transform: ${s.transform}`;
    if (s.zoom && s.zoom !== "1" && s.zoom !== "normal") return `zoom: ${s.zoom}`;
    if (s.scale && s.scale !== "none") return `scale: ${s.scale}`;
  }
  return null;
};
for (const c of all('mjx-container[display="true"]', column || document)) {
  const tex = (texOf.get(c) || "").trim().replace(/\s+/g, " ");
  const math = c.querySelector("mjx-math") || c;
  const inner = math.getBoundingClientRect().width;
  const box = c.getBoundingClientRect().width;
  if (inner > box + 1 || c.scrollWidth > c.clientWidth + 1) {
    problems.push([tex, `wider than its box (${Math.round(inner)} px ` +
      `in ${Math.round(box)} px)`]);
  }
  const how = scaled(math);
  if (how) problems.push([tex, `scaled to fit (${how})`]);
  const size = parseFloat(getComputedStyle(c).fontSize);
  if (size < 0.95 * textSize) {
    problems.push([tex, `set smaller than the text (${size} px ` +
      `against ${textSize} px)`]);
  }
}
for (const t of all("table", column || document)) {
  const box = t.parentElement.getBoundingClientRect().width;
  const own = t.getBoundingClientRect().width;
  const name = (t.querySelector("caption, th") || t).textContent.trim()
    .replace(/\s+/g, " ").slice(0, 50);
  if (own > box + 1 || t.scrollWidth > t.parentElement.clientWidth + 1) {
    problems.push([`table ${name}`,
      `wider than its box (${Math.round(own)} px in ${Math.round(box)} px)`]);
  }
  const how = scaled(t);
  if (how) problems.push([`table ${name}`, `scaled to fit (${how})`]);
}
return problems;
"""
)

#: Display equations that may scroll at 390 px, reviewed, each with its
#: reason: (page, the start of its TeX) -> why it cannot be split further.
WIDE_EQUATIONS: dict[tuple[str, str], str] = {}

# At the phone width: every picture of a cell output (a figure, an animation's
# frame), with the width the browser shows it at, the width of its layout box
# (a transform or zoom shrinks the first but not the second) and the CSS that
# scales it, if any.
FIGURES_JS = (
    HELPERS_JS
    + r"""
const column = document.querySelector("article") || document.querySelector("main");
const scaledBy = e => {
  for (let a = e; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.transform && s.transform !== "none") return `transform: ${s.transform}`;
    if (s.zoom && s.zoom !== "1" && s.zoom !== "normal") return `zoom: ${s.zoom}`;
    if (s.scale && s.scale !== "none") return `scale: ${s.scale}`;
  }
  return null;
};
return all(".cell_output img", column || document)
  .filter(img => img.complete && img.naturalWidth > 0 && img.getClientRects().length)
  .map(img => ({
    src: img.currentSrc || img.src,
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
    box: img.offsetWidth,
    scaled: scaledBy(img),
    what: (img.getAttribute("alt") || img.getAttribute("src") || "").slice(0, 60),
  }));
"""
)

#: The smallest figure text a reader on a phone can read, in CSS px.
MIN_FIGURE_TEXT_PX = 8.0


def _picture_width_and_dpi(data: bytes) -> tuple[int, float | None]:
    """The width in pixels of a PNG or JPEG picture and its resolution in dots
    per inch, or None without one. matplotlib writes the resolution of a PNG
    in its pHYs chunk and that of a JPEG (an animation's frames) in its JFIF
    header."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width = struct.unpack(">I", data[16:20])[0]
        at = 8
        while at + 8 <= len(data):
            size, kind = struct.unpack(">I4s", data[at : at + 8])
            if kind == b"pHYs":
                per_unit, _, unit = struct.unpack(">IIB", data[at + 8 : at + 17])
                return width, per_unit * 0.0254 if unit == 1 else None
            if kind in (b"IDAT", b"IEND"):
                break
            at += size + 12
        return width, None
    if data[:2] == b"\xff\xd8":
        dpi, at = None, 2
        while at + 4 <= len(data) and data[at] == 0xFF:
            marker = data[at + 1]
            size = struct.unpack(">H", data[at + 2 : at + 4])[0]
            body = data[at + 4 : at + 2 + size]
            if marker == 0xE0 and body[:5] == b"JFIF\x00":
                unit, density = body[7], struct.unpack(">H", body[8:10])[0]
                dpi = density if unit == 1 else density * 2.54 if unit == 2 else None
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA,
                          0xCB, 0xCD, 0xCE, 0xCF):  # fmt: skip
                return struct.unpack(">H", body[3:5])[0], dpi
            at += 2 + size
    raise ValueError("not a PNG or JPEG picture")


def _image_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    return Path(unquote(urlparse(src).path)).read_bytes()


def figure_text_problems(
    images: list[dict], smallest_text: Callable[[float], float] = readable_text_size
) -> list[str]:
    """What is wrong with the text of the pictures FIGURES_JS found.

    A picture's smallest text, in points, is ``smallest_text`` of its width
    in inches (pixels over dots per inch): the package draws every text of a
    figure that wide at least that large (tests/test_figures_style.py). Shown
    ``shown`` CSS px wide instead of its ``natural`` width, that text is
    ``shown / natural * points * dpi / 72`` CSS px.
    """
    problems = []
    for image in images:
        where = f"figure {image['what']!r}"
        try:
            width, dpi = _picture_width_and_dpi(_image_bytes(image["src"]))
        except (OSError, ValueError) as error:
            problems.append(f"{where}: cannot read its picture ({error})")
            continue
        if not dpi:
            problems.append(f"{where}: its picture says no resolution (dpi)")
            continue
        points = smallest_text(width / dpi)
        natural_px = points * dpi / 72 * image["natural"] / width
        shown_px = image["shown"] / image["natural"] * natural_px
        if shown_px < MIN_FIGURE_TEXT_PX - 0.01:
            needed = MIN_FIGURE_TEXT_PX / natural_px * image["natural"]
            problems.append(
                f"{where} shows its text at {shown_px:.1f} px: {points:g}-point "
                f"text at {dpi:.0f} dpi in a {width} px picture shown "
                f"{image['shown']:.0f} px wide needs {needed:.0f} px"
            )
        if image["scaled"] and image["shown"] < image["box"] - 1:
            problems.append(
                f"{where} is shrunk by CSS ({image['scaled']}): "
                f"{image['shown']:.0f} px of its {image['box']} px box"
            )
    return problems


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
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
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


def _window(browser, size: tuple[int, int]) -> None:
    """Give the page a viewport of exactly `size` (CSS pixels), as a desktop."""
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    assert browser.execute_script("return window.innerWidth") == width


def _problems(browser, uri: str) -> tuple[list[str], dict]:
    """Open `uri` at the desktop width, check it, then check its layout on a phone.

    Returns the problems found, and what INSPECT_JS collected.
    """
    _window(browser, DESKTOP)
    browser.get(uri)
    seen = browser.execute_async_script(INSPECT_JS)
    problems = []

    text = " ".join(seen["text"].split())
    for kind, pattern in (("MyST", RAW_MYST), ("LaTeX", RAW_LATEX)):
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40]
            problems.append(f"raw {kind} {match.group(0)!r} shown in: ...{context}...")
    problems += [f"math not rendered by MathJax: {m!r}" for m in seen["unrendered"]]
    problems += [f"MathJax error in {m}" for m in seen["mathErrors"]]
    problems += [f"a backslash in rendered math: {m}" for m in seen["mathBackslashes"]]
    problems += [
        f"prose typeset as math (a $ without its partner?): ${m}$"
        for m in seen["proseAsMath"]
    ]
    problems += [f"broken image: {src}" for src in seen["brokenImages"]]
    problems += [f"image without alt text: {src}" for src in seen["noAlt"]]
    problems += [f"code listing wraps its lines: {m}" for m in seen["wrappedCode"]]
    problems += [
        f"code listing does not scroll sideways: {m}" for m in seen["codeNoScroll"]
    ]
    problems += [f"printed output does not wrap: {m}" for m in seen["unwrappedOutput"]]
    if seen["tracebacks"]:
        problems.append(f"{seen['tracebacks']} error traceback(s) in cell outputs")
    for ex in seen["exercises"]:
        if not ex["solutions"]:
            problems.append(f"exercise {ex['id']!r} has no solution after it")
        elif not ex["dropdown"]:
            problems.append(f"the solution of exercise {ex['id']!r} is not a dropdown")
    problems += [f"loaded from the network: {url}" for url in seen["network"]]

    # The layout check opens collapsed solutions: it comes last.
    for size in (DESKTOP, PHONE):
        _window(browser, size)
        problems += [f"at {size[0]} px, {p}" for p in browser.execute_script(LAYOUT_JS)]
    # Still at the phone width, solutions open: equations and tables fit.
    page = Path(uri).stem
    for what, problem in browser.execute_script(FIT_JS):
        if any(
            page == entry.rsplit("/", 1)[-1] and what.startswith(start)
            for entry, start in WIDE_EQUATIONS
        ):
            continue
        shown = what if what.startswith("table ") else f"formula ${what[:70]}$"
        problems.append(f"at {PHONE[0]} px, {shown} is {problem}")
    # Still at the phone width: figure text a phone can read.
    figures = browser.execute_script(FIGURES_JS)
    problems += [f"at {PHONE[0]} px, {p}" for p in figure_text_problems(figures)]
    return problems, seen


@pytest.mark.parametrize("index", range(len(PAGES)), ids=PAGES)
def test_page_renders(browser, index):
    entry = PAGES[index]
    page = _page(entry)
    assert page.exists(), (
        f"{entry} is in _toc.yml but {page.relative_to(ROOT)} was not built"
    )
    problems, seen = _problems(browser, page.as_uri())

    if index + 1 < len(PAGES):
        expected = _page(PAGES[index + 1]).as_uri()
        if seen["next"] is None:
            problems.append(f"no link to the next page ({PAGES[index + 1]})")
        elif seen["next"].split("#")[0] != expected:
            problems.append(
                f"the next link goes to {seen['next']}, expected {expected}"
            )

    assert not problems, f"{entry}.html:\n  " + "\n  ".join(problems)


# Planted in the text column of a built page: each fault must be reported, and
# the controls (a wide equation, a long listing, a long printed line, all as
# the book writes them) must not.
WIDE = r" + ".join(rf"w_{{{i}}} x_{{{i}}}" for i in range(1, 60))
# About 500 px at the book's size: it fits a phone only if shrunk.
MEDIUM_SCALED = r" + ".join(rf"v_{{{i}}} x_{{{i}}}" for i in range(1, 12))
MEDIUM_SMALL = r" + ".join(rf"u_{{{i}}} x_{{{i}}}" for i in range(1, 12))
NARROW = r"c_{1} + c_{2}"
LONG = "x = " + " + ".join(f"layer_{i}" for i in range(60))
FAULTS = rf"""
<section id="planted-faults"><h1>Planted faults</h1>
<p>Text mode keeps the backslash:
<span class="math notranslate nohighlight">\(\texttt{{a\_b}}\)</span>.</p>
<p>A sentence between two formulas' dollars:
<span class="math notranslate nohighlight">\(. Only the difference of two\)</span></p>
<div class="math notranslate nohighlight">\[\frac{{1}}{{\]</div>
<div class="math notranslate nohighlight">\[\frac{{1}}\]</div>
<p>No alt: <img src="{{image}}"> <img src="{{image}}" alt="">
<img src="{{image}}" alt="{{name}}"></p>
<div class="cell_output docutils container">
<div class="highlight-python notranslate"><div class="highlight">
<pre class="fault-wrapped" style="white-space: pre-wrap">{LONG}</pre></div></div></div>
<div class="cell_output docutils container">
<div class="output stream highlight-myst-ansi notranslate"><div class="highlight">
<pre class="fault-unwrapped" style="white-space: pre">{LONG}</pre></div></div></div>
<div style="overflow: hidden; width: 200px">
<p id="fault-clipped" style="width: 600px">clipped</p></div>
<p id="fault-sticks-out" style="width: 1500px">A paragraph wider than any window.</p>
<div class="math notranslate nohighlight" id="fault-wide-equation">\[{WIDE}\]</div>
<div class="math notranslate nohighlight" style="transform: scale(0.5);
 transform-origin: left">\[{MEDIUM_SCALED}\]</div>
<div class="math notranslate nohighlight" style="font-size: 40%">
\[{MEDIUM_SMALL}\]</div>
<table id="fault-table"><tr><th>fault-table</th>
<td style="white-space: nowrap">{LONG}</td></tr></table>
<div class="cell_output docutils container">
<img src="{{image}}" alt="fault-narrow-figure" style="width: 60px"></div>
<div class="cell_output docutils container">
<div style="transform: scale(0.2); transform-origin: left top">
<img src="{{image}}" alt="fault-scaled-figure"></div></div>
<h2>Controls</h2>
<div class="cell_output docutils container"><div style="overflow-x: auto">
<img src="{{image}}" alt="control-figure" style="max-width: none"></div></div>
<div class="math notranslate nohighlight" id="control-equation">\[{NARROW}\]</div>
<div class="cell_output docutils container">
<div class="highlight-python notranslate"><div class="highlight">
<pre class="control-listing">{LONG}</pre></div></div></div>
<div class="cell_output docutils container">
<div class="output stream highlight-myst-ansi notranslate"><div class="highlight">
<pre class="control-output">{LONG}</pre></div></div></div>
</section>
"""


def test_checks_catch_faults(browser, tmp_path):
    """The checks find every planted fault, in the same browser, and no control."""
    template = _page(PAGES[0])
    if not template.exists():
        pytest.fail(f"{template} was not built")
    html = template.read_text(encoding="utf-8")
    image = next((HTML / "_images").glob("*.png"), None)
    assert image is not None, "the built book has no image in _images"
    source = os.path.relpath(image, template.parent)
    faults = FAULTS.replace("{image}", source).replace("{name}", image.name)
    html, count = re.subn(
        r"(<article[^>]*>).*?(</article>)",
        lambda m: m.group(1) + faults + m.group(2),
        html,
        count=1,
        flags=re.S,
    )
    assert count == 1, f"no <article> in {template}"
    # Relative addresses (scripts, styles, MathJax) resolve against the built page.
    base = f'<base href="{template.parent.as_uri()}/">'
    html = html.replace("<head>", "<head>" + base, 1)
    page = tmp_path / "faults.html"
    page.write_text(html, encoding="utf-8")

    problems, _ = _problems(browser, page.as_uri())
    report = "\n  ".join(problems)
    # Each planted fault: the words that must appear together in one problem.
    expected = {
        "backslash": [r"a backslash in rendered math: formula $\texttt{a\_b}$"],
        "unbalanced braces": [r"math not rendered by MathJax: '\\[\\frac{1}{\\]'"],
        "MathJax error": [r"MathJax error in formula $\frac{1}$"],
        "prose as math": ["prose typeset as math", "Only the difference of two"],
        "image without alt": [f"image without alt text: {source}"],
        "wrapped listing": ["code listing wraps its lines", ".fault-wrapped>"],
        "unwrapped output": ["printed output does not wrap", ".fault-unwrapped>"],
        "clipped block": ["at 1280 px", "<p#fault-clipped>", "is cut off"],
        "too wide": ["at 390 px", "<p#fault-sticks-out>", "sticks out of the window"],
        "page scrolls": ["at 390 px, the page scrolls sideways"],
        "wide equation": ["at 390 px, formula $w_{1} x_{1}", "wider than its box"],
        "scaled equation": ["formula $v_{1} x_{1}", "scaled to fit (transform"],
        "shrunk equation": ["formula $u_{1} x_{1}", "set smaller than the text"],
        "wide table": ["at 390 px, table fault-table", "wider than its box"],
        "narrow figure": ["at 390 px, figure 'fault-narrow-figure'", "its text at"],
        "scaled figure": ["figure 'fault-scaled-figure' shows its text at"],
        "shrunk figure": ["figure 'fault-scaled-figure' is shrunk by CSS (transform"],
    }
    missed = [
        what
        for what, words in expected.items()
        if not any(all(w in p for w in words) for p in problems)
    ]
    assert not missed, f"not reported: {missed}; reported:\n  {report}"
    assert sum(f"image without alt text: {source}" in p for p in problems) == 3
    controls = [p for p in problems if "control-" in p or NARROW in p]
    assert not controls, "controls reported:\n  " + "\n  ".join(controls)


# --- animations (issue 14): every page with an animation plays it offline

#: Pages whose notebook shows an animation: a cell that calls an animate_*
#: helper of scratchnn.figures. Taken from the notebooks, not from the built
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
