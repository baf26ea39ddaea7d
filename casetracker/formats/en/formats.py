"""English formats: Django's, plus the partial dates' (casetracker/partial_dates.py)."""

# Django date format strings (django.utils.dateformat) for a date known to the day or the
# month; month names come from Django's own catalogs.
PARTIAL_DATE_DAY_FORMAT = "j M Y"  # 14 Aug 2025
PARTIAL_DATE_MONTH_FORMAT = "M Y"  # Aug 2025
# The day a record was read, in "Cite this record" (the day_in_full filter).
CITED_DAY_FORMAT = "j F Y"  # 6 December 2026
# Whether the month is written in lower case ("авг.", "тамыз").
PARTIAL_DATE_LOWER_CASE = False
# Whether a range writes the parts both ends share once ("1 or 2 Aug 2018"), which suits
# a language that writes the year last.
PARTIAL_DATE_SHARE_PARTS = True
