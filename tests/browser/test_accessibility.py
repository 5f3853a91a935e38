"""Accessibility, checked by axe-core (npm, the engine Lighthouse uses) in Chromium: no violation (serious,
critical, or lesser) on the pages a reader goes through, in both languages, light and dark, desktop and phone, with
the search dialog open too."""

from __future__ import annotations

from pathlib import Path

import pytest

from searching import open_dialog, search

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/deepseek/", "/deepseek/mla/", "/multimodal/vision-text-connectors/", "/deepseek/grpo/"]
DARK = """() => localStorage.setItem("/.__palette", JSON.stringify({index: 2,
    color: {media: "(prefers-color-scheme: dark)", scheme: "slate", primary: "indigo", accent: "indigo"}}))"""


def violations(page) -> list[str]:
    """axe's violations of the page as it is now, of any impact (the issue asks for no serious or critical
    one; the pages have none of the minor or moderate ones either): 'impact rule: target (summary)'."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => [v.impact,
          v.nodes.map(n => `${v.id}: ${n.target.join(" ")} (${n.failureSummary.split("\\n")[1] || ""})`)]);
    }""")
    print(f"\naxe {page.url}: {sum(len(nodes) for _, nodes in found)} violations")  # the README's figure: pytest -s
    return [f"{impact} {n}" for impact, nodes in found for n in nodes]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_reader_pages_have_no_serious_accessibility_violation(journey, scheme, prefix):
    j = journey()
    problems = []
    if scheme == "dark":
        j.goto(prefix + "/")
        j.page.evaluate(DARK)
    for path in PAGES:
        j.goto(prefix + path, wait_until="networkidle")
        if scheme == "dark":
            assert j.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        problems += [f"{prefix}{path}: {v}" for v in violations(j.page)]
    assert not problems, "\n".join(problems)


def test_the_open_search_dialog_and_a_phone_page_have_no_serious_violation(journey):
    j = journey(phone=True)
    j.goto("/deepseek/mla/", wait_until="networkidle")
    problems = [f"phone /deepseek/mla/: {v}" for v in violations(j.page)]
    for scheme in ("light", "dark"):
        desk = journey()
        desk.goto("/", wait_until="networkidle")
        if scheme == "dark":
            desk.page.evaluate(DARK)
            desk.goto("/", wait_until="networkidle")
        open_dialog(desk.page)
        search(desk.page, "KV缓存")
        problems += [f"search dialog ({scheme}): {v}" for v in violations(desk.page)]
    assert not problems, "\n".join(problems)
