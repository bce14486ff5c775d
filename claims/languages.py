"""Languages a claim can be in: ISO 639-1 codes, with English and native names.

Kept short on purpose: the languages a newsroom desk meets. Adding a language is adding a line.
"""

from __future__ import annotations

# code: (English name, native name)
LANGUAGES: dict[str, tuple[str, str]] = {
    "ar": ("Arabic", "العربية"),
    "az": ("Azerbaijani", "Azərbaycanca"),
    "be": ("Belarusian", "Беларуская"),
    "bn": ("Bengali", "বাংলা"),
    "de": ("German", "Deutsch"),
    "en": ("English", "English"),
    "es": ("Spanish", "Español"),
    "fa": ("Persian", "فارسی"),
    "fr": ("French", "Français"),
    "he": ("Hebrew", "עברית"),
    "hi": ("Hindi", "हिन्दी"),
    "hy": ("Armenian", "Հայերեն"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "it": ("Italian", "Italiano"),
    "ja": ("Japanese", "日本語"),
    "ka": ("Georgian", "ქართული"),
    "kk": ("Kazakh", "Қазақша"),
    "ko": ("Korean", "한국어"),
    "ky": ("Kyrgyz", "Кыргызча"),
    "mn": ("Mongolian", "Монгол"),
    "pl": ("Polish", "Polski"),
    "ps": ("Pashto", "پښتو"),
    "pt": ("Portuguese", "Português"),
    "ro": ("Romanian", "Română"),
    "ru": ("Russian", "Русский"),
    "sw": ("Swahili", "Kiswahili"),
    "tg": ("Tajik", "Тоҷикӣ"),
    "th": ("Thai", "ไทย"),
    "tk": ("Turkmen", "Türkmençe"),
    "tr": ("Turkish", "Türkçe"),
    "uk": ("Ukrainian", "Українська"),
    "ur": ("Urdu", "اردو"),
    "uz": ("Uzbek", "Oʻzbekcha"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh": ("Chinese", "中文"),
}

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur"})

CHOICES: list[tuple[str, str]] = sorted(
    (
        (code, f"{english} — {native}" if native != english else english)
        for code, (english, native) in LANGUAGES.items()
    ),
    key=lambda choice: LANGUAGES[choice[0]][0],
)


def label(code: str) -> str:
    """The language's name as the pickers show it ("Russian — Русский"), or the code."""
    return dict(CHOICES).get(code, code)


def direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"
