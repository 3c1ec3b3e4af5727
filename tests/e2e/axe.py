"""axe-core (vendored from the npm package, tests only) run in the page by Playwright."""
from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
BLOCKING = ("serious", "critical")
# Moderate for axe, but the product requires it: headings never skip a level.
ALWAYS = ("heading-order",)
_source = None


def violations(page, name: str) -> list[str]:
    """Serious and critical axe violations (and skipped heading levels), one line each.

    The script is evaluated through DevTools, so the app's CSP (script-src 'self') is left on.
    """
    global _source
    _source = _source or AXE.read_text()
    page.evaluate(_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " +
                                                   (n.failureSummary || "").split("\\n").slice(1, 2).join(""))}));
    }""")
    return [f"{name}: {v['id']} ({v['impact']}) {v['help']} -> {v['nodes']}"
            for v in result if v["impact"] in BLOCKING or v["id"] in ALWAYS]
