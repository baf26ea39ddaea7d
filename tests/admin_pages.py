"""Filling in admin pages the way a browser does, for tests of the admin."""

from django import forms


def form_values(form):
    """What a browser would submit for one rendered form."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if value is None and isinstance(
            field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
        ):
            continue  # a multiple select with nothing chosen sends nothing
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def page_data(client, url, inlines=None) -> dict:
    """What a browser would post from the admin page at ``url``, with ``inlines`` (an
    inline's prefix -> new rows typed into it) added. Existing inline rows are posted
    back unchanged."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    return filled_in(page, inlines=inlines)


def filled_in(page, fields=None, inlines=None) -> dict:
    """What a browser posts from an admin ``page`` once ``fields`` (any input, by its full
    name) and ``inlines`` are typed."""
    data = form_values(page.context["adminform"].form)
    inlines = dict(inlines or {})
    # A history (revert) page has no inlines.
    inline_formsets = page.context.get("inline_admin_formsets", [])
    for inline in inline_formsets:
        formset = inline.formset
        rows = inlines.pop(formset.prefix, [])
        existing = formset.initial_forms
        data.update(form_values(formset.management_form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(existing) + len(rows))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(existing))
        for form in existing:
            data.update(form_values(form))
        for index, row in enumerate(rows, start=len(existing)):
            blank = form_values(formset.empty_form)
            data.update(
                {key.replace("__prefix__", str(index)): value for key, value in blank.items()}
            )
            data.update({f"{formset.prefix}-{index}-{key}": value for key, value in row.items()})
    assert not inlines, f"{page.request['PATH_INFO']} has no inline {sorted(inlines)}"
    data.update(fields or {})
    return data


def submit(client, url, fields=None, inlines=None):
    """Open an admin add or change page, fill it in and post it; return the response.

    ``fields`` are the main form's values (or any input's, by its full name); ``inlines``
    maps an inline's prefix to the new rows typed into it.
    """
    data = page_data(client, url, inlines)
    data.update(fields or {})
    return client.post(url, data)


def errors(response):
    """Every error on a re-displayed admin page, keyed by the field's input name."""
    found = {}
    form = response.context["adminform"].form
    for name, messages in form.errors.items():
        found[name] = list(messages)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            found[f"{formset.prefix}-__all__"] = list(formset.non_form_errors())
        for form in formset.forms:
            for name, messages in form.errors.items():
                found[form.add_prefix(name)] = list(messages)
    return found


def assert_saved(response):
    assert response.status_code == 302, errors(response) if response.context else response
