"""What a rule is, as plain data: the Rule record, its severity policy and the rule-code conventions.

Nothing here imports rdflib, so the registry can be read from the compiled cache (ea_repo/compiled.py) by
commands that never parse a shape (``ea-repo rules``, ``--help``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SHAPES_NS = "https://w3id.org/ea-repo/shapes/"
CODE_PATTERN = re.compile(r"^EA-[A-Z]{2,5}-\d{3}\Z")
LANGS = ("nb", "en")
SEVERITIES = ("violation", "warning", "info")
LEVEL_NS = "https://w3id.org/ea-repo/vocab/level/"
AREA_NS = "https://w3id.org/ea-repo/vocab/area/"


class RuleError(ValueError):
    """A shape file is not valid Turtle or SHACL, or breaks the rule conventions; the message names the file."""


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # violation | warning | info
    title: dict[str, str]
    message: dict[str, str]
    remedy: dict[str, str]
    requirement: str | None  # IRI of the catalogue requirement
    level: str | None  # krav | anbefaling | god-praksis
    legal_basis: str | None
    source_url: str | None
    area: str | None  # area notation
    verified: bool
    aliases: tuple[str, ...]
    path: Path | None  # the shape file
    kind: str = "shacl"
    engine: str = "any"  # "any", or "pyshacl" when only the reference engine evaluates it correctly
    recognised_means: bool = (
        False  # checks the recognised means of meeting the requirement, not the duty itself
    )
    document: dict[str, str] | None = None  # what to record when the answer is not known
    sources: tuple[str, ...] = ()  # every dct:source of the requirement (legal text, Digdir, NHN …)
    note: dict[str, str] | None = None  # the requirement's ea:note: what was checked or changed, and why
    observation: bool = False  # points something out (a consolidation candidate …) but states no duty: unscored
    comment: str | None = None  # design note (rdfs:comment @en): scope decisions and their sources

    def text(self, name: str, lang: str = "nb") -> str:
        texts = getattr(self, name)
        return texts.get(lang) or texts.get("en") or texts.get("nb") or ""


def severity_for(level: str | None, verified: bool, recognised_means: bool = False) -> str:
    """The severity a rule must have for its requirement: krav -> violation, anbefaling -> warning,
    god-praksis, unknown level or an unverified basis -> info.

    A rule marked ``ea:checksRecognisedMeans true`` looks for the recognised *means* of meeting the
    requirement (e.g. Noark 5 for arkivforskrifta § 5) rather than the duty itself; missing evidence of the
    means cannot establish a breach, so its severity is one step lower (krav -> warning, anbefaling -> info)."""
    if not verified:
        return "info"
    order = ("violation", "warning", "info")
    sev = {"krav": "violation", "anbefaling": "warning"}.get(level or "", "info")
    if recognised_means:
        sev = order[min(order.index(sev) + 1, 2)]
    return sev


def rule_code_for_shape(shape_iri) -> str | None:
    """The rule code of a shape IRI (node shape, property shape or nested shape), by the IRI prefix."""
    s = str(shape_iri)
    if not s.startswith(SHAPES_NS):
        return None
    code = s[len(SHAPES_NS) :].split("/", 1)[0]
    return code if CODE_PATTERN.match(code) else None
