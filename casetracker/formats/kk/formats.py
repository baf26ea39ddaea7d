"""Kazakh formats (Django ships none): numbers "1 000 000,5", partial dates
"2025 ж. тамыз", "2025 ж. 14 тамыз"."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
DATE_FORMAT = r"Y \ж. j F"
SHORT_DATE_FORMAT = "d.m.Y"
YEAR_MONTH_FORMAT = r"Y \ж. F"
FIRST_DAY_OF_WEEK = 1  # Monday

PARTIAL_DATE_DAY_FORMAT = r"Y \ж. j F"  # 2025 ж. 14 тамыз
PARTIAL_DATE_MONTH_FORMAT = r"Y \ж. F"  # 2025 ж. тамыз
CITED_DAY_FORMAT = r"Y \ж. j F"  # 2026 ж. 6 желтоқсан
PARTIAL_DATE_LOWER_CASE = True
PARTIAL_DATE_SHARE_PARTS = False
