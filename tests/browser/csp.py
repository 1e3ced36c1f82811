"""Content-Security-Policy violations, as the browser reports them to the page.

Every browser context the browser tests open is watched (``watch``, through the autouse
fixture in ``conftest.py``): a script added before any of the page's own, in every frame,
forwards each ``securitypolicyviolation`` event to the test. A test then fails when anything
was blocked (or, in report-only mode, would have been), on a public page or in the admin.
"""

LISTEN = """document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        document: event.documentURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
        disposition: event.disposition,
    });
}, true);"""


CONSOLE = {"directive": "console", "blocked": "", "source": "", "line": 0, "disposition": "console"}


def watch(context, violations):
    """Append the violations of every page of ``context`` to the list ``violations``.

    A page that may not be framed (``frame-ancestors``) never loads, so it fires no event; the
    browser says so on the console of the page that framed it, which is watched too.
    """
    context.expose_binding("__cspViolation", lambda _source, report: violations.append(report))
    context.add_init_script(LISTEN)

    def console(message):
        if "Content Security Policy" in message.text:
            violations.append(
                {**CONSOLE, "document": message.page and message.page.url, "sample": message.text}
            )

    context.on("console", console)


def describe(violations):
    return "\n".join(
        f"{v['disposition']} {v['directive']}: {v['blocked']} on {v['document']} "
        f"({v['source']}:{v['line']}) {v['sample']}"
        for v in violations
    )
