"""Password rules for real accounts (the demo accounts take SENTRA_DEMO_PASSWORD as given).

Besides Django's validators (length, similarity to the account, 20,000 common passwords,
all digits): a password may not be built from common Indonesian password material — names of
places of the region and of Banten, office words such as "lebak" and "sentra", religious and
family words, months — padded with years, digits and symbols ("Lebak2018", "Rangkasbitung123!",
"bismillah@2024"); and it may not be on the shipped list of breached passwords.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data"
LETTERS = re.compile(r"[^a-z]+")
# Characters standing in for letters inside a word: p@ssw0rd, s3ntra.
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s"}
LEET_INSIDE = re.compile(r"(?<=[a-z])[01345@$]+(?=[a-z])")


def _lines(name: str) -> frozenset[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@lru_cache(maxsize=1)
def indonesian_words() -> frozenset[str]:
    return _lines("indonesian-words.txt")


@lru_cache(maxsize=1)
def breached_passwords() -> frozenset[str]:
    return _lines("breached-passwords.txt")


def _region_words() -> frozenset[str]:
    """Names of the deployment's kecamatan and desa, when the region table is loaded."""
    try:
        from sentra.regions.models import Region

        names = Region.objects.filter(level__gte=3).values_list("match_name", flat=True)
        return frozenset(LETTERS.sub("", n.lower()) for n in names if n)
    except Exception:  # before migrations (no table yet): the shipped words still apply
        return frozenset()


def _made_of_words(letters: str, words: frozenset[str], parts: int = 2) -> bool:
    """Is `letters` one known word, or up to `parts` of them joined?"""
    if letters in words:
        return True
    if parts <= 1:
        return False
    return any(
        letters[:i] in words and _made_of_words(letters[i:], words, parts - 1)
        for i in range(3, len(letters) - 2)
    )


class IndonesianPatternValidator:
    """Refuses passwords whose letters are a common word or place name (or two joined),
    whatever years, digits and symbols surround them."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        plain = LETTERS.sub("", lowered)
        unleet = LETTERS.sub(
            "", LEET_INSIDE.sub(lambda m: "".join(LEET[c] for c in m.group()), lowered)
        )
        words = indonesian_words() | _region_words()
        if len(plain) < 4 or any(_made_of_words(letters, words) for letters in {plain, unleet}):
            raise ValidationError(
                _(
                    "Kata sandi ini mudah ditebak: terbuat dari nama tempat, kata umum (seperti "
                    "lebak, sentra, bismillah) atau tahun. Pakai beberapa kata yang tidak "
                    "berhubungan, misalnya kalimat pendek."
                ),
                code="password_indonesian_pattern",
            )

    def get_help_text(self) -> str:
        return _("Bukan nama tempat, kata umum atau tahun, juga bila ditambah angka.")


class BreachedPasswordValidator:
    """Refuses passwords on the shipped list of breached passwords."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower().strip()
        if lowered in breached_passwords() or re.sub(r"\W", "", lowered) in breached_passwords():
            raise ValidationError(
                _("Kata sandi ini ada dalam daftar kata sandi yang pernah bocor. Pilih yang lain."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Bukan kata sandi yang pernah bocor.")
