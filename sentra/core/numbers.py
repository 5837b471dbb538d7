"""Number formatting for Indonesian text."""


def format_number_id(value: int) -> str:
    """Indonesian thousands separator: 16000 → "16.000"."""
    return f"{value:,}".replace(",", ".")
