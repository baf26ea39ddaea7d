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
}
