"""Every public page type, in Dutch and in Arabic, passes axe-core with no violations.

All of axe's rules run: WCAG A and AA, best practice, and the experimental, AAA and WCAG 2.2
rules that axe leaves out by default. Desktop and phone widths, since the layout reflows.
"""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/nl/",
    "/ar/",
    "/nl/dorpaanzet/",
    "/ar/dorpaanzet/",
    "/nl/dorpaanzet/armoede/",
    "/ar/dorpaanzet/armoede/",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page, run_axe, path, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    response = page.goto(path)
    assert response.status == 200
    # Contrast is only meaningful with the real stylesheet: it must have been served.
    assert page.evaluate("document.styleSheets.length && document.styleSheets[0].cssRules.length") > 0

    results = run_axe(page)

    checked = {
        rule["id"]
        for kind in ("passes", "violations", "incomplete", "inapplicable")
        for rule in results[kind]
    }
    assert checked == set(results["allRuleIds"]), "axe skipped rules"
    assert {"region", "landmark-one-main", "heading-order", "color-contrast"} <= checked
    violations = results["violations"]
    assert [v["id"] for v in violations] == [], f"on {path} ({viewport}):\n{describe(violations)}"
