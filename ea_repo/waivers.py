"""Comply-or-explain: waivers read from YAML or Turtle and applied to findings.

A waived finding stays in the results, marked waived with its justification, and does not fail a
run. An expired waiver no longer waives and is itself reported (EA-WAIVER-EXPIRED); a waiver that
matches no finding is reported as stale (EA-WAIVER-STALE).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from .errors import InputError
from .findings import Finding, Waiver
from .i18n import msg
from .namespaces import EA

WAIVER_FIELDS = ("rule", "kommune", "system", "justification", "approved_by", "expires")

_TEXTS = {
    "EA-WAIVER-EXPIRED": (
        {"nb": "Utløpt unntak", "en": "Expired waiver"},
        {"nb": "Unntaket for denne regelen er utløpt og gjelder ikke lenger.", "en": "The waiver for this rule has expired and no longer applies."},
        {"nb": "Rett avviket, eller forny unntaket med ny begrunnelse og godkjenning.", "en": "Fix the finding, or renew the waiver with a new justification and approval."},
        "warning",
    ),
    "EA-WAIVER-STALE": (
        {"nb": "Unntak uten treff", "en": "Stale waiver"},
        {"nb": "Unntaket gjelder ingen funn (avviket er rettet, eller unntaket peker feil).", "en": "The waiver matches no finding (the issue was fixed, or the waiver points at the wrong thing)."},
        {"nb": "Fjern unntaket fra unntaksfilen.", "en": "Remove the waiver from the waiver file."},
        "info",
    ),
}


def _parse_date(value, where: str, file: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(msg(f"'{value}' is not a date", f"'{value}' er ikke en dato"), file=file, element=where,
                         hint=msg("write expires as YYYY-MM-DD", "skriv expires som ÅÅÅÅ-MM-DD")) from None


def _check_entry(entry: dict, where: str, file: str, known_rules: set[str]) -> Waiver:
    missing = [k for k in WAIVER_FIELDS if entry.get(k) in (None, "")]
    if missing:
        raise InputError(msg(f"missing {', '.join(missing)}", f"mangler {', '.join(missing)}"), file=file, element=where,
                         hint=msg("a waiver names rule, kommune, system (or '*'), justification, approved_by and expires",
                                  "et unntak oppgir rule, kommune, system (eller '*'), justification, approved_by og expires"))
    unknown = set(entry) - set(WAIVER_FIELDS)
    if unknown:
        raise InputError(msg(f"unknown field(s) {', '.join(sorted(unknown))}", f"ukjent(e) felt {', '.join(sorted(unknown))}"),
                         file=file, element=where,
                         hint=msg(f"the fields are {', '.join(WAIVER_FIELDS)}", f"feltene er {', '.join(WAIVER_FIELDS)}"))
    rule = str(entry["rule"]).strip()
    if rule not in known_rules:
        raise InputError(msg(f"unknown rule '{rule}'", f"ukjent regel '{rule}'"), file=file, element=where,
                         hint=msg("`ea-repo rules` lists the rule codes", "`ea-repo rules` viser regelkodene"))
    kommune = str(entry["kommune"]).strip().zfill(4)
    return Waiver(rule, kommune, str(entry["system"]).strip(), str(entry["justification"]).strip(),
                  str(entry["approved_by"]).strip(), _parse_date(entry["expires"], where, file), f"{file}: {where}")


_TTL_NAMES = {"approved_by": "approvedBy"}  # Turtle uses the ontology's camelCase names


def load_waivers(path: Path, known_rules: set[str]) -> list[Waiver]:
    """Read a waiver file (.yaml/.yml or .ttl); every problem names the file and entry."""
    file = str(path)
    if not path.exists():
        raise InputError(msg("waiver file not found", "unntaksfilen finnes ikke"), file=file)
    if path.suffix.lower() in (".ttl", ".turtle"):
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise InputError(msg(f"invalid Turtle: {exc}", f"ugyldig Turtle: {exc}"), file=file) from exc
        entries = []
        for w in sorted(g.subjects(RDF.type, EA.Waiver)):
            e = {}
            for key in WAIVER_FIELDS:
                v = g.value(w, EA[_TTL_NAMES.get(key, key)])
                if v is not None:
                    e[key] = v.toPython() if isinstance(v, Literal) else str(v).rsplit("/", 1)[-1]
            entries.append((str(w), e))
    else:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            detail = getattr(exc, "problem", exc)
            raise InputError(msg(f"invalid YAML: {detail}", f"ugyldig YAML: {detail}"), file=file,
                             line=mark.line + 1 if mark else None) from exc
        items = doc.get("waivers") if isinstance(doc, dict) else doc
        if not isinstance(items, list):
            raise InputError(msg("expected a list under 'waivers:'", "forventet en liste under 'waivers:'"), file=file)
        entries = []
        for i, e in enumerate(items):
            if not isinstance(e, dict):
                raise InputError(msg("each waiver must be a mapping", "hvert unntak må være en mapping"), file=file,
                                 element=f"waivers[{i}]")
            entries.append((f"waivers[{i}]", e))
    return [_check_entry(e, where, file, known_rules) for where, e in entries]


def _system_id(focus: str) -> str:
    return focus.rsplit("/", 1)[-1]


def _matches(w: Waiver, f: Finding, aliases: dict[str, set[str]]) -> bool:
    codes = {f.rule} | aliases.get(f.rule, set())
    return w.rule in codes and w.kommune == f.kommune and (w.system == "*" or w.system == _system_id(f.focus))


def _waiver_finding(code: str, w: Waiver) -> Finding:
    title, message, remedy, severity = _TEXTS[code]
    return Finding(
        rule=code, severity=severity, kommune=w.kommune, focus=w.location, focus_label=f"{w.rule} / {w.system}",
        title=title, message={k: f"{v} ({w.rule}, {w.system}, {w.expires.isoformat()}: {w.justification})" for k, v in message.items()},
        remedy=remedy, value=w.expires.isoformat(), origin="waiver", level="god-praksis",
    )


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: dt.date,
                  aliases: dict[str, set[str]] | None = None, kommuner: set[str] | None = None) -> list[Finding]:
    """Mark waived findings; add findings for expired and stale waivers (only for checked kommuner)."""
    aliases = aliases or {}
    used: set[int] = set()
    for f in findings:
        for i, w in enumerate(waivers):
            if _matches(w, f, aliases):
                used.add(i)
                if w.active_on(today) and f.waiver is None:
                    f.waiver = w
    extra = []
    for i, w in enumerate(waivers):
        if kommuner is not None and w.kommune not in kommuner:
            continue
        if not w.active_on(today):
            extra.append(_waiver_finding("EA-WAIVER-EXPIRED", w))
        elif i not in used:
            extra.append(_waiver_finding("EA-WAIVER-STALE", w))
    return findings + extra
