"""The interface strings the engine prints; every edition's strings.yaml has them."""

STRING_KEYS = (
    "language_name", "contents", "page_of", "edition_line", "key_point", "warning",
    "checklist", "figure", "review_box_title", "last_reviewed", "reviewed_by",
    "review_note", "from_your_clinic", "phone", "website", "email", "address", "scan_to_visit",
    "no_clinic_contact", "notes", "draft_mark", "crisis_line_us", "emergency_number_us",
    "clinic_name_default", "clinic_phone_default", "email_subject", "email_greeting",
    "email_body", "email_signoff", "help_now_title", "help_now_emergency", "help_now_crisis",
    "help_now_clinic", "colon", "after_hours",
    "email_subject_from", "email_subject_neutral", "email_attachment_name",
)


def fill(text: str, values: dict) -> str:
    """An interface string with its {placeholders} filled from ``values``."""
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):
        return text  # a translator's broken {field} must not crash the build
