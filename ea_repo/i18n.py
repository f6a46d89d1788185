"""Texts in two languages for messages built at run time (errors, the reasons of a merger plan).

    msg(en, nb)            -> Msg: a str whose value is the English text (what JSON, logs and tests read),
                              carrying its bokmål text
    text(s, lang)          -> the text in LANG ("nb" or "en"); a plain str is returned as it is
    message_language(...)  -> the language errors are printed in: an explicit --lang on the command line,
                              else $EA_REPO_LANG, else the locale (nb, nn or no: bokmål), else English

Light: no import beyond the standard library (the CLI's start-up reads it)."""

from __future__ import annotations

import os


class Msg(str):
    """An English text that carries its bokmål text (``.nb``)."""

    nb: str

    def __new__(cls, en: str, nb: str):
        obj = super().__new__(cls, en)
        obj.nb = nb
        return obj

    def __getnewargs__(self):  # copy, deepcopy and pickle (worker processes) keep both texts
        return (str(self), self.nb)

    def text(self, lang: str) -> str:
        return self.nb if lang == "nb" else str(self)


def msg(en: str, nb: str) -> Msg:
    return Msg(en, nb)


def text(s, lang: str) -> str:
    """S in LANG: a Msg's bokmål or English text; anything else as str (None as "")."""
    if s is None:
        return ""
    return s.text(lang) if isinstance(s, Msg) else str(s)


LANG_ENV = "EA_REPO_LANG"


def locale_language(environ=None) -> str:
    """The user's language from $EA_REPO_LANG, else the locale variables (POSIX order), else English."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANG_ENV, "").strip().lower()
    if chosen in ("nb", "en"):
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "nb" if value.split("_")[0].split(".")[0].lower() in ("nb", "nn", "no") else "en"
    return "en"


def message_language(explicit: str | None) -> str:
    """The language of error messages: --lang when given on the command line, else the user's."""
    return explicit if explicit in ("nb", "en") else locale_language()
