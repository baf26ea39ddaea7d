"""The API's documentation page in a real browser (Debian chromium): Swagger UI loads from
the site's own files, reads the schema, lists every endpoint, and the site's
Content-Security-Policy refuses nothing on the way (no inline script or style, no request
to another origin)."""

import pytest


@pytest.mark.browser
def test_api_docs_render_every_endpoint_without_a_csp_violation(live_server, page, db):
    problems, requests = [], []

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    for kind in ["cases", "people", "proceedings", "sources", "citations"]:
        assert any(f"/api/v1/{kind}/" in path for path in paths), (kind, paths)
    assert problems == []
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
