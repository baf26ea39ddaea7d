'use strict';
// Admin pickers select only what the researcher chose (casetracker/admin_pickers.py).
// While a new search is loading, select2 keeps the previous term's results on screen with
// the first one highlighted, and Enter would select that stale result: wait for the answer.
{
    const $ = django.jQuery;

    $(document).on('select2:selecting', '.admin-autocomplete', (event) => {
        // Only one picker is open at a time; its list is attached to the page's body.
        if (document.querySelector('.select2-container--open .loading-results')) {
            event.preventDefault();
        }
    });

    // select2 draws its own box and search input beside the hidden <select>: give them
    // the select's label, so that screen readers name them (axe-core: aria-input-field-name).
    const name = (select) => {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        const words = label ? label.textContent.replace(/:\s*$/, '').trim() : '';
        if (!words) {
            return;
        }
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2')) {
            return;
        }
        container.querySelectorAll('.select2-selection, .select2-selection__rendered, .select2-search__field').forEach(
            (element) => element.setAttribute('aria-label', words)
        );
    };
    const nameAll = () => document.querySelectorAll('select.admin-autocomplete').forEach(name);

    $(nameAll);
    $(document).on('change select2:close', '.admin-autocomplete', (event) => name(event.target));
    $(document).on('formset:added', () => setTimeout(nameAll));
}
