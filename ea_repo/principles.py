"""Architecture principles as data, each answered from the checks that bear on it (comply or explain).

Digdir's overarching principles are in catalog/principles.ttl; a kommune's or co-operation's own set is a YAML or
Turtle file of the same shape (``load_principle_set``). A principle names the rules whose answers bear on it
(``ea:checkedBy``); its answer for a kommune is derived from theirs, never from anything else:

- not met      — some check is not met (and not waived);
- not known    — nothing is not met, but some check is not known;
- met          — every applicable check is met;
- not assessed — no check bears on it, or none applies to the kommune.

A principle may be departed from when it is explained (Digdir: "Virksomheten må kunne dokumentere og begrunne
eventuelle avvik"): a waiver entry naming ``principle:`` instead of ``rule:`` in the waiver file. An explained
principle keeps its answer and shows the explanation; an expired one explains nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, InputErrors
from .i18n import msg

ANSWERS = ("not-met", "not-known", "met", "not-assessed")
PRINCIPLE_WAIVER_FIELDS = ("principle", "kommune", "justification", "approved_by", "expires")
_RULE_NS = "https://w3id.org/ea-repo/shapes/"


@dataclass(frozen=True)
class Principle:
    id: str
    set_id: str
    set_title: dict[str, str]
    title: dict[str, str]
    checks: tuple[str, ...]
    source: str | None = None
    verified: bool = True
    sequence: int = 0
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PrincipleWaiver:
    principle: str
    kommune: str
    justification: str
    approved_by: str
    expires: dt.date
    location: str

    def active_on(self, day: dt.date) -> bool:
        return day <= self.expires


@dataclass(frozen=True)
class PrincipleAnswer:
    principle: Principle
    kommune: str
    answer: str  # one of ANSWERS
    counts: dict[str, int]  # met / not-met / not-known / waived among the checks' answers
    failing: tuple[str, ...]  # the rules with a not-met answer
    waiver: PrincipleWaiver | None = None
    expired_waiver: PrincipleWaiver | None = None

    def as_dict(self, lang: str = "nb") -> dict:
        p = self.principle
        return {"kommune": self.kommune, "set": p.set_id, "principle": p.id, "title": p.title.get(lang) or p.title.get("nb"),
                "answer": self.answer, "counts": dict(self.counts), "checks": list(p.checks),
                "failing": list(self.failing), "source": p.source, "verified": p.verified,
                "explained": None if self.waiver is None else {
                    "justification": self.waiver.justification, "approved_by": self.waiver.approved_by,
                    "expires": self.waiver.expires.isoformat()},
                "expired_explanation": None if self.expired_waiver is None else self.expired_waiver.expires.isoformat()}


# --- reading principle sets ------------------------------------------------------------------------------------


def _lang_map(g, node, pred) -> dict[str, str]:
    return {str(o.language or "nb"): str(o) for o in g.objects(node, pred)}


def _from_graph(g, file: str, known_rules: set[str] | None) -> list[Principle]:
    from rdflib.namespace import DCTERMS, RDF

    from .namespaces import EA

    out, problems = [], []
    for node in sorted(g.subjects(RDF.type, EA.Principle)):
        pid = str(g.value(node, EA.id) or str(node).rsplit("/", 1)[-1])
        s = g.value(node, EA.inSet)
        set_id = str(g.value(s, EA.id) or "") if s is not None else ""
        checks = tuple(sorted(str(r)[len(_RULE_NS):] if str(r).startswith(_RULE_NS) else str(r)
                              for r in g.objects(node, EA.checkedBy)))
        title = _lang_map(g, node, DCTERMS.title)
        if not title:
            problems.append(InputError(msg("the principle has no dct:title", "prinsippet har ingen dct:title"),
                                       file=file, element=pid))
        problems += _unknown_checks(checks, known_rules, file, pid)
        src = g.value(node, DCTERMS.source)
        seq = g.value(node, EA.sequence)
        verified = g.value(node, EA.verified)
        out.append(Principle(pid, set_id, _lang_map(g, s, DCTERMS.title) if s is not None else {}, title, checks,
                             str(src) if src is not None else None, verified is None or bool(verified.toPython()),
                             int(seq) if seq is not None else 0, _lang_map(g, node, EA.note)))
    if problems:
        raise InputErrors(problems)
    return sorted(out, key=lambda p: (p.set_id, p.sequence, p.id))


def _unknown_checks(checks, known_rules, file, where) -> list[InputError]:
    if known_rules is None:
        return []
    return [InputError(msg(f"unknown rule '{c}'", f"ukjent regel '{c}'"), file=file, element=where, column="checks",
                       hint=msg("`ea-repo rules` lists the rule codes", "`ea-repo rules` viser regelkodene"))
            for c in checks if c not in known_rules]


def digdir_principles() -> list[Principle]:
    """Digdir's overarching architecture principles (catalog/principles.ttl)."""
    from rdflib import Graph

    from .paths import catalog_dir

    g = Graph()
    g.parse(catalog_dir() / "principles.ttl", format="turtle")
    return _from_graph(g, "catalog/principles.ttl", None)


def _text_pair(value) -> dict[str, str]:
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items() if k in ("nb", "en") and v not in (None, "")}
    return {"nb": str(value), "en": str(value)} if value not in (None, "") else {}


def load_principle_set(path: Path, known_rules: set[str]) -> list[Principle]:
    """A kommune's or co-operation's own principles from YAML (``set:``, ``title:``, ``principles:`` with ``id``,
    ``title`` (text or nb/en), ``checks`` (rule codes), ``source``) or Turtle (as catalog/principles.ttl). Every
    problem of the file is reported at once, each with its entry."""
    import yaml

    file = str(path)
    if not path.exists():
        raise InputError(msg("principle file not found", "prinsippfilen finnes ikke"), file=file)
    if path.suffix.lower() in (".ttl", ".turtle"):
        from rdflib import Graph

        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # noqa: BLE001 — a parser's message, located to the file
            raise InputError(msg(f"invalid Turtle: {exc}", f"ugyldig Turtle: {exc}"), file=file) from None
        found = _from_graph(g, file, known_rules)
        if not found:
            raise InputError(msg("the file holds no ea:Principle", "filen har ingen ea:Principle"), file=file)
        return found
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(msg(f"invalid YAML: {getattr(exc, 'problem', exc)}", f"ugyldig YAML: {getattr(exc, 'problem', exc)}"),
                         file=file, line=mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("principles"), list) or not doc.get("set"):
        raise InputError(msg("expected 'set:' and a list under 'principles:'", "forventet 'set:' og en liste under 'principles:'"),
                         file=file)
    set_id, set_title = str(doc["set"]), _text_pair(doc.get("title") or doc["set"])
    out, problems, seen = [], [], set()
    for i, e in enumerate(doc["principles"]):
        where = f"principles[{i}]"
        if not isinstance(e, dict):
            problems.append(InputError(msg("each principle must be a mapping", "hvert prinsipp må være en mapping"),
                                       file=file, element=where))
            continue
        unknown = sorted(set(e) - {"id", "title", "checks", "source", "note"})
        if unknown:
            problems.append(InputError(msg(f"unknown field(s) {', '.join(unknown)}", f"ukjent(e) felt {', '.join(unknown)}"),
                                       file=file, element=where,
                                       hint=msg("the fields are id, title, checks, source, note",
                                                "feltene er id, title, checks, source, note")))
        pid, title = str(e.get("id") or "").strip(), _text_pair(e.get("title"))
        if not pid or not title:
            problems.append(InputError(msg("a principle needs id and title", "et prinsipp trenger id og title"),
                                       file=file, element=where))
            continue
        if pid in seen:
            problems.append(InputError(msg(f"principle id '{pid}' is given twice", f"prinsipp-id '{pid}' er gitt to ganger"),
                                       file=file, element=where))
        seen.add(pid)
        checks = e.get("checks") or []
        checks = tuple(sorted(str(c).strip() for c in (checks if isinstance(checks, list) else [checks])))
        problems += _unknown_checks(checks, known_rules, file, where)
        out.append(Principle(pid, set_id, set_title, title, checks, str(e["source"]) if e.get("source") else None,
                             True, i + 1, _text_pair(e.get("note"))))
    if problems:
        raise InputErrors(problems)
    return out


# --- principle-level waivers -----------------------------------------------------------------------------------


def load_principle_waivers(path: Path, known: set[str]) -> list[PrincipleWaiver]:
    """The entries of a waiver file that name ``principle:`` (the others are rule waivers, ea_repo/waivers.py)."""
    from .waivers import _parse_date, read_entries

    file = str(path)
    entries = [(where, e) for where, e in read_entries(path) if "principle" in e]
    out, problems = [], []
    for where, e in entries:
        missing = [k for k in PRINCIPLE_WAIVER_FIELDS if e.get(k) in (None, "")]
        if missing:
            problems.append(InputError(msg(f"missing {', '.join(missing)}", f"mangler {', '.join(missing)}"), file=file,
                                       element=where, hint=msg("a principle waiver names principle, kommune, justification, "
                                                               "approved_by and expires",
                                                               "et unntak for et prinsipp oppgir principle, kommune, "
                                                               "justification, approved_by og expires")))
            continue
        pid = str(e["principle"]).strip()
        if pid not in known:
            problems.append(InputError(msg(f"unknown principle '{pid}'", f"ukjent prinsipp '{pid}'"), file=file,
                                       element=where, hint=msg("`ea-repo principles --list` lists the principle ids",
                                                               "`ea-repo principles --list` viser prinsipp-idene")))
            continue
        try:
            expires = _parse_date(e["expires"], where, file)
        except InputError as exc:
            problems.append(exc)
            continue
        out.append(PrincipleWaiver(pid, str(e["kommune"]).strip().zfill(4), str(e["justification"]).strip(),
                                   str(e["approved_by"]).strip(), expires, f"{file}: {where}"))
    if problems:
        raise InputErrors(problems)
    return out


# --- answers ---------------------------------------------------------------------------------------------------


def assess(result, principles: list[Principle], waivers: list[PrincipleWaiver] = (), today: dt.date | None = None,
           kommuner: list[str] | None = None) -> list[PrincipleAnswer]:
    """Every principle's answer for every kommune of the check result, from its checks' answers."""
    today = today or result.today
    by: dict[tuple[str, str], list] = {}
    for a in result.answers:
        by.setdefault((a.kommune, a.rule), []).append(a)
    out = []
    for k in kommuner or result.all_kommuner():
        for p in principles:
            answers = [a for c in p.checks for a in by.get((k, c), ())]
            counts = {"met": 0, "not-met": 0, "not-known": 0, "waived": 0}
            for a in answers:
                if a.answer == "not-met" and a.waived:
                    counts["waived"] += 1
                else:
                    counts[a.answer] += 1
            failing = tuple(sorted({a.rule for a in answers if a.answer == "not-met" and not a.waived}))
            if not answers:
                answer = "not-assessed"
            elif counts["not-met"]:
                answer = "not-met"
            elif counts["not-known"]:
                answer = "not-known"
            else:
                answer = "met"
            mine = [w for w in waivers if w.principle == p.id and w.kommune == k]
            active = next((w for w in mine if w.active_on(today)), None)
            expired = next((w for w in mine if not w.active_on(today)), None) if active is None else None
            out.append(PrincipleAnswer(p, k, answer, counts, failing, active, expired))
    return out


def table(answers: list[PrincipleAnswer], lang: str = "nb") -> str:
    """A plain text table: one line per kommune and principle."""
    words = {"nb": {"met": "oppfylt", "not-met": "ikke oppfylt", "not-known": "ikke kjent", "not-assessed": "ikke vurdert",
                    "head": ("kommune", "prinsipp", "svar", "oppfylt/ikke/ukjent", "brudd i", "forklart")},
             "en": {"met": "met", "not-met": "not met", "not-known": "not known", "not-assessed": "not assessed",
                    "head": ("kommune", "principle", "answer", "met/not/unknown", "failing", "explained")}}[lang]
    rows = [words["head"]]
    for a in answers:
        c = a.counts
        explained = (f"{a.waiver.expires.isoformat()}: {a.waiver.justification}" if a.waiver else "")
        rows.append((a.kommune, f"{a.principle.id} {a.principle.title.get(lang) or a.principle.title.get('nb')}",
                     words[a.answer], f"{c['met']}/{c['not-met']}/{c['not-known']}", ", ".join(a.failing), explained))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(str(v).ljust(w) for v, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
                     for r in rows).rstrip() + "\n"
