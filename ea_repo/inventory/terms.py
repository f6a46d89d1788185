"""One bar for every loader: what `--dry-run` and `check FILE` accept is exactly what the store takes.

Every RDF term an inventory brings (from a workbook, CSV, JSON, Turtle, JSON-LD, ArchiMate or Archi CSV) is checked
the way the store and the exports will meet it: an IRI must be one pyoxigraph accepts (no space, ``|``, ``{``,
``>``, ``"`` or NUL), a text must be Unicode the store can hold (no lone surrogate) and XML can carry (no control
character other than tab and line breaks), a typed literal must be a valid value of its datatype (no 2027-02-30).
Each problem is a located InputError (the subject, the column), all of them at once.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..i18n import Msg, msg, text

# a lone surrogate, or a control character other than tab and line breaks (and U+7F, U+FFFE, U+FFFF): one search
# of the text, not a loop over its characters (an import checks some 40,000 texts)
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _text_problem(s: str) -> Msg | None:
    m = _BAD_CHARACTER.search(s)
    if m is None:
        return None
    o = ord(m.group())
    if 0xD800 <= o <= 0xDFFF:
        return msg(f"the text holds a lone surrogate (U+{o:04X}), which is not a character",
                   f"teksten inneholder et enslig surrogat (U+{o:04X}), som ikke er et tegn")
    return msg(f"the text holds the control character U+{o:04X}; remove it",
               f"teksten inneholder kontrolltegnet U+{o:04X}; fjern det")


def term_problem(term) -> Msg | None:
    """Why the store (or an export) cannot take this term, or None."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        bad = _text_problem(str(term))
        if bad:
            return msg(bad.replace("the text", "the IRI"), bad.nb.replace("teksten", "IRI-en"))
        try:
            ox.NamedNode(str(term))
        except ValueError as exc:
            return msg(f"<{term}> is not a valid IRI ({exc})", f"<{term}> er ikke en gyldig IRI ({exc})")
        return None
    if isinstance(term, BNode):
        try:
            ox.BlankNode(str(term))
        except ValueError:
            return msg(f"the blank node id '{term}' is not valid", f"id-en '{term}' til den blanke noden er ikke gyldig")
        return None
    if isinstance(term, Literal):
        bad = _text_problem(str(term))
        if bad:
            return bad
        if term.datatype is not None:
            kind = term_problem(URIRef(str(term.datatype)))
            if kind:
                return msg(f"the datatype of '{str(term)[:40]}' is no IRI: {kind}",
                           f"datatypen til '{str(term)[:40]}' er ingen IRI: {text(kind, 'nb')}")
        if getattr(term, "ill_typed", False):
            kind = str(term.datatype).rsplit("#", 1)[-1]
            date = kind.startswith("date")
            return msg(f"'{term}' is not a valid {kind}" + (" (write dates as YYYY-MM-DD)" if date else ""),
                       f"'{term}' er ikke en gyldig {kind}" + (" (skriv datoer som ÅÅÅÅ-MM-DD)" if date else ""))
        if term.language:
            try:
                ox.Literal(str(term), language=term.language)
            except ValueError:
                return msg(f"'{term.language}' is not a valid language tag", f"'{term.language}' er ikke en gyldig språkkode")
    return None


def _column(p) -> str:
    return str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def term_errors(g: Graph, file: str) -> list[InputError]:
    """Every term of the graph the store would refuse, as located errors (one per subject and column)."""
    errors: dict[tuple, InputError] = {}
    for s, p, o in g:
        for part, term in (("subject", s), ("predicate", p), ("object", o)):
            why = term_problem(term)
            if why is None:
                continue
            # a subject the store refuses is named with its control characters escaped (\x00), and once, not per column
            element = str(s) if part != "subject" and term_problem(s) is None else repr(str(s))[1:-1][:120]
            column = _column(p) if part == "object" else None
            key = (element, column or "", why)
            errors.setdefault(key, InputError(why, file=file, element=element, column=column,
                                              value=str(term)[:200], code="unstorable-term",
                                              hint=msg("correct the value in the inventory and import again",
                                                       "rett verdien i systemoversikten og importer på nytt")))
    return [errors[k] for k in sorted(errors)]
