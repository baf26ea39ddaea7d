"""Russian formats: Django's (numbers "1 000 000"), plus the partial dates'."""

PARTIAL_DATE_DAY_FORMAT = "j E Y"  # 14 августа 2025 (the genitive: "18 мая", not "18 май")
PARTIAL_DATE_MONTH_FORMAT = "N Y"  # авг. 2025
CITED_DAY_FORMAT = "j E Y"  # 6 декабря 2026
PARTIAL_DATE_LOWER_CASE = True
PARTIAL_DATE_SHARE_PARTS = False
