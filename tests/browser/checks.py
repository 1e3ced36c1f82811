"""The accessibility checks every public page gets in the browser tests, on the page as loaded.

``accessibility_problems`` runs, without reloading the page:

1. axe-core with every rule it ships, at 1280 CSS pixels wide;
2. at 320 px (WCAG 1.4.10, reflow): no sideways scrolling, nothing sticking out, axe again;
3. at 200 % text size (WCAG 1.4.4): the browser's own font-size setting doubled, as a visitor
   who sets larger text does (Chromium's ``Page.setFontSizes``), at 1280 px; the text must
   really grow, and nothing may be cut off or pushed off the page.

The viewport and text size are put back afterwards, so a test can go on with the page.
"""

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}
DOUBLE_FONT_SIZES = {"standard": 32, "fixed": 26}

# Elements that are out of sight on purpose: for screen readers only, the honeypot, the
# form's invisible default button, the skip link until it is focused.
HIDDEN_ON_PURPOSE = ".visually-hidden, .honeypot, .default-submit, .skip-link"

LAYOUT_PROBLEMS = """(hiddenOnPurpose) => {
    const problems = [];
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth > width) {
        problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${width} px`);
    }
    const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    for (const el of document.body.querySelectorAll("*")) {
        if (el.closest(hiddenOnPurpose) || el.closest("script, style, template, noscript")) continue;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden") continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > width + 1 || box.left < -1) {
            problems.push(`${name(el)} sticks out of the page (${Math.round(box.left)}..${Math.round(box.right)} of ${width} px)`);
        }
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && el.scrollWidth > box.width + 1
            && !["auto", "scroll"].includes(style.overflowX)) {
            problems.push(`${name(el)} is too narrow for its content (${el.scrollWidth} px in ${el.clientWidth} px)`);
        }
        const clips = value => value === "hidden" || value === "clip";
        if ((clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
            || (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
            problems.push(`${name(el)} cuts off its content (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
        }
    }
    return problems;
}"""

FONT_SIZE = "() => parseFloat(getComputedStyle(document.querySelector('main p, main li, main label') || document.body).fontSize)"


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def axe_problems(page, run_axe, where, styled=True):
    """axe-core with every rule; ``styled``: the page must have its stylesheet (for contrast)."""
    problems = []
    if styled and not page.evaluate("document.styleSheets.length && document.styleSheets[0].cssRules.length"):
        problems.append(f"{where}: the stylesheet was not loaded")
    results = run_axe(page)
    checked = {
        rule["id"]
        for kind in ("passes", "violations", "incomplete", "inapplicable")
        for rule in results[kind]
    }
    if checked != set(results["allRuleIds"]):
        problems.append(f"{where}: axe skipped rules {sorted(set(results['allRuleIds']) - checked)}")
    if not {"region", "landmark-one-main", "heading-order", "color-contrast"} <= checked:
        problems.append(f"{where}: axe did not run its main rules")
    if results["violations"]:
        problems.append(f"{where}: axe found\n{describe(results['violations'])}")
    return problems


def layout_problems(page, where):
    return [f"{where}: {problem}" for problem in page.evaluate(LAYOUT_PROBLEMS, HIDDEN_ON_PURPOSE)]


def set_font_sizes(page, sizes):
    session = page.context.new_cdp_session(page)
    try:
        session.send("Page.setFontSizes", {"fontSizes": sizes})
    finally:
        session.detach()


def accessibility_problems(page, run_axe, where, styled=True):
    """Every problem the three checks find on the loaded page, as readable lines."""
    size = page.viewport_size
    problems = []
    try:
        page.set_viewport_size(DESKTOP)
        problems += axe_problems(page, run_axe, f"{where} at 1280 px", styled)
        problems += layout_problems(page, f"{where} at 1280 px")

        page.set_viewport_size(PHONE)
        problems += layout_problems(page, f"{where} at 320 px")
        problems += axe_problems(page, run_axe, f"{where} at 320 px", styled)

        page.set_viewport_size(DESKTOP)
        normal = page.evaluate(FONT_SIZE)
        set_font_sizes(page, DOUBLE_FONT_SIZES)
        zoomed = page.evaluate(FONT_SIZE)
        if zoomed < 1.9 * normal:
            problems.append(
                f"{where}: the text does not grow with the browser's text size ({normal} -> {zoomed} px)"
            )
        problems += layout_problems(page, f"{where} at 200 % text")
    finally:
        set_font_sizes(page, DEFAULT_FONT_SIZES)
        page.set_viewport_size(size)
    return problems


def assert_accessible(page, run_axe, where, styled=True):
    problems = accessibility_problems(page, run_axe, where, styled)
    assert problems == [], "\n".join(problems)
