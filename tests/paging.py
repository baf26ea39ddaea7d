"""Reading a list paged by cursor (casetracker.keyset, events.paging) as a reader does."""


def assert_pages_read_in_order(get, rows, expected: list) -> None:
    """Following "next" from the first page lists ``expected`` once, in its order; following
    "previous" from the last page shows on each page the rows it says it shows ("Rows X–Y"),
    back to the first. ``get(cursor)`` is the list's response at ``cursor`` (None: the first
    page), ``rows(response)`` its rows."""
    response = get(None)
    forward = rows(response)
    while response.context["page"].has_next:
        response = get(response.context["page"].next_token)
        forward += rows(response)
    assert forward == expected

    response = get(get(None).context["page"].last_token)
    while True:
        page = response.context["page"]
        assert rows(response) == expected[page.start_index - 1 : page.end_index]
        if not page.has_previous:
            break
        response = get(page.previous_token)
    assert page.start_index == 1
