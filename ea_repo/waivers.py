"""Comply-or-explain: waivers read from YAML or Turtle and applied to findings.

A waived finding stays in the results, marked waived with its justification, and does not fail a
run. An expired waiver no longer waives and is itself reported (EA-WAIVER-EXPIRED); a waiver that
matches no finding is reported as stale (EA-WAIVER-STALE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

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


_ENTRY_FIELDS = (*WAIVER_FIELDS, "principle")  # a principle-level explanation names principle instead of rule


def read_entries(path: Path) -> list[tuple[str, dict]]:
    """The entries of a waiver file (.yaml/.yml or .ttl), each with where it is, as written: rule waivers and
    principle-level explanations (``principle:``, ea_repo/principles.py) alike."""
    file = str(path)
    if not path.exists():
        raise InputError(msg("waiver file not found", "unntaksfilen finnes ikke"), file=file)
    from .inventory.readers import file_problem

    problem = file_problem(path)  # a device or a pipe (/dev/zero) is never read, nor a file past --max-file-mb
    if problem is not None:
        raise problem
    if path.suffix.lower() in (".ttl", ".turtle"):
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise InputError(msg(f"invalid Turtle: {exc}", f"ugyldig Turtle: {exc}"), file=file) from exc
        entries = []
        for w in sorted(g.subjects(RDF.type, EA.Waiver)):
            e = {}
            for key in _ENTRY_FIELDS:
                v = g.value(w, EA[_TTL_NAMES.get(key, key)])
                if v is not None:
                    e[key] = v.toPython() if isinstance(v, Literal) else str(v).rsplit("/", 1)[-1]
            entries.append((str(w), e))
        return entries
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
    return entries


def load_waivers(path: Path, known_rules: set[str]) -> list[Waiver]:
    """Read the rule waivers of a waiver file (.yaml/.yml or .ttl); every problem names the file and entry."""
    return [_check_entry(e, where, str(path), known_rules) for where, e in read_entries(path) if "principle" not in e]


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


# --- waivers kept in the repository (proposed, approved by another user, rejected, expired) ------------------
#
# A stored waiver and each decision on it are records in graph/meta (so every change changes the repository's
# state, and the server's cached checks are built again). Only an approved waiver waives; one whose expiry date
# has passed is reported as EA-WAIVER-EXPIRED like an expired waiver in a file; one expired on purpose before its
# date (decision "expire") or rejected is kept with its trail and waives nothing.

WAIVER_STATES = ("proposed", "approved", "rejected", "expired")
DECISIONS = {"approve": ("proposed", "approved"), "reject": ("proposed", "rejected"), "expire": ("approved", "expired")}
_PROV = "http://www.w3.org/ns/prov#"


@dataclass(frozen=True)
class WaiverEvent:
    action: str  # proposed | approved | rejected | expired
    by: str
    time: str
    reason: str = ""


@dataclass(frozen=True)
class StoredWaiver:
    id: int
    kommune: str
    rule: str
    system: str
    justification: str
    expires: dt.date
    status: str
    proposed_by: str
    events: tuple[WaiverEvent, ...] = ()

    @property
    def approved_by(self) -> str:
        return next((e.by for e in self.events if e.action == "approved"), "")

    def as_waiver(self) -> Waiver:
        return Waiver(self.rule, self.kommune, self.system, self.justification, self.approved_by, self.expires,
                      f"repository: waiver {self.kommune}/{self.id}")

    def as_dict(self, today: dt.date | None = None) -> dict:
        return {"id": self.id, "kommune": self.kommune, "rule": self.rule, "system": self.system,
                "justification": self.justification, "expires": self.expires.isoformat(), "status": self.status,
                "in_force": bool(today and self.status == "approved" and self.as_waiver().active_on(today)),
                "proposed_by": self.proposed_by, "approved_by": self.approved_by or None,
                "events": [{"action": e.action, "by": e.by, "time": e.time, **({"reason": e.reason} if e.reason else {})}
                           for e in self.events]}


def _waiver_iri(code: str, n: int) -> str:
    return f"https://w3id.org/ea-repo/id/kommune/{code}/waiver/{n}"


def stored_waivers(repo, code: str | None) -> list[StoredWaiver]:
    """Every waiver kept for kommune CODE (None: for every kommune), by kommune and number, each with its
    decisions."""
    from .namespaces import META_GRAPH

    ea, base = str(EA), "https://w3id.org/ea-repo/id/kommune/"
    k = f"<{base}{code}>" if code else "?k"
    rows = repo.query(
        f"""SELECT ?w ?k ?n ?rule ?system ?why ?expires ?status ?by WHERE {{ GRAPH <{META_GRAPH}> {{
          ?w a <{ea}Waiver> ; <{ea}kommune> {k} ; <{ea}sequence> ?n ; <{ea}rule> ?rule ; <{ea}system> ?system ;
             <{ea}justification> ?why ; <{ea}expires> ?expires ; <{ea}waiverStatus> ?status ; <{ea}proposedBy> ?by }} }}""")
    events: dict[str, list] = {}
    for r in repo.query(
            f"""SELECT ?w ?n ?action ?by ?time ?reason WHERE {{ GRAPH <{META_GRAPH}> {{
              ?w a <{ea}Waiver> ; <{ea}kommune> {k} . ?e <{ea}waiver> ?w ; <{ea}sequence> ?n ; <{ea}action> ?action ;
              <{ea}actor> ?by ; <{_PROV}atTime> ?time OPTIONAL {{ ?e <{ea}reason> ?reason }} }} }}"""):
        events.setdefault(r["w"].value, []).append((int(r["n"].value), WaiverEvent(
            r["action"].value, r["by"].value, r["time"].value, r["reason"].value if r["reason"] is not None else "")))
    out = [StoredWaiver(int(r["n"].value), code or r["k"].value[len(base):], r["rule"].value, r["system"].value,
                        r["why"].value, dt.date.fromisoformat(r["expires"].value), r["status"].value, r["by"].value,
                        tuple(e for _, e in sorted(events.get(r["w"].value, []), key=lambda x: x[0])))
           for r in rows]
    return sorted(out, key=lambda w: (w.kommune, w.id))


def stored_waiver(repo, code: str, n: int) -> StoredWaiver | None:
    return next((w for w in stored_waivers(repo, code) if w.id == n), None)


def approved_waivers(repo, codes) -> list[Waiver]:
    """The approved waivers of the kommuner CODES, as the check applies them (one query for all of them)."""
    wanted = set(codes)
    return [w.as_waiver() for w in stored_waivers(repo, None) if w.status == "approved" and w.kommune in wanted]


def _event_triples(w: str, n: int, action: str, by: str, reason: str) -> str:
    from .store import _nt, now_iso

    e, ea = f"<{w}/event/{n}>", str(EA)
    return (f"{e} a <{ea}WaiverEvent> ; <{ea}waiver> <{w}> ; <{ea}sequence> {n} ; <{ea}action> {_nt(Literal(action))} ;"
            f" <{ea}actor> {_nt(Literal(by))} ; <{_PROV}atTime> {_nt(Literal(now_iso(), datatype=XSD.dateTime))}"
            + (f" ; <{ea}reason> {_nt(Literal(reason))}" if reason else "") + " .")


def propose_waiver(repo, code: str, *, rule: str, system: str, justification: str, expires, by: str,
                   today: dt.date, known_rules: set[str]) -> StoredWaiver:
    """Keep a proposed waiver for kommune CODE (it waives nothing until another user approves it). Every mistake
    in the proposal is reported at once (InputErrors); nothing is written then."""
    from .errors import InputErrors
    from .namespaces import META_GRAPH
    from .store import _nt

    where, problems = f"waiver for {code}", []
    rule, system, justification = str(rule or "").strip(), str(system or "").strip(), str(justification or "").strip()
    if rule not in known_rules:
        problems.append(InputError(msg(f"unknown rule '{rule}'", f"ukjent regel '{rule}'"), element=where, column="rule",
                                   hint=msg("`ea-repo rules` lists the rule codes", "`ea-repo rules` viser regelkodene")))
    if system != "*" and system not in _system_ids(repo, code):
        problems.append(InputError(msg(f"kommune {code}'s inventory has no system '{system}'",
                                       f"systemoversikten til kommune {code} har ikke systemet '{system}'"),
                                   element=where, column="system",
                                   hint=msg("give a system id of the inventory, or * for every system",
                                            "oppgi en system-id fra systemoversikten, eller * for alle systemer")))
    if not justification:
        problems.append(InputError(msg("the justification is empty", "begrunnelsen er tom"), element=where,
                                   column="justification",
                                   hint=msg("say why the kommune does not comply now, and what it will do",
                                            "si hvorfor kommunen ikke følger regelen nå, og hva den vil gjøre")))
    day = None
    try:
        day = _parse_date(expires, where, "")
        if day < today:
            problems.append(InputError(msg(f"the expiry date {day} has passed", f"utløpsdatoen {day} er passert"),
                                       element=where, column="expires",
                                       hint=msg(f"give a date from {today} on", f"oppgi en dato fra og med {today}")))
    except InputError as exc:
        problems.append(InputError(exc.problem, element=where, column="expires", hint=exc.hint))
    if problems:
        raise InputErrors(problems)
    ea = str(EA)
    n = 1 + max((w.id for w in stored_waivers(repo, code)), default=0)
    w = _waiver_iri(code, n)
    body = (f"<{w}> a <{ea}Waiver> ; <{ea}kommune> <https://w3id.org/ea-repo/id/kommune/{code}> ; <{ea}sequence> {n} ;"
            f" <{ea}rule> {_nt(Literal(rule))} ; <{ea}system> {_nt(Literal(system))} ;"
            f" <{ea}justification> {_nt(Literal(justification))} ; <{ea}expires> {_nt(Literal(day, datatype=XSD.date))} ;"
            f" <{ea}waiverStatus> \"proposed\" ; <{ea}proposedBy> {_nt(Literal(by))} .\n"
            + _event_triples(w, 1, "proposed", by, ""))
    repo.store.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n{body}\n}} }}")
    return stored_waiver(repo, code, n)


def decide_waiver(repo, code: str, n: int, decision: str, *, by: str, today: dt.date, reason: str = "") -> StoredWaiver:
    """Approve or reject a proposed waiver, or expire an approved one now. The one who proposed a waiver may not approve
    it (two pairs of eyes); a rejection needs a reason."""
    from .errors import UsageError
    from .namespaces import META_GRAPH
    from .store import _nt

    w = stored_waiver(repo, code, n)
    if w is None:
        raise UsageError(msg(f"kommune {code} has no waiver {n}", f"kommune {code} har ikke unntak {n}"))
    if decision not in DECISIONS:
        raise UsageError(msg(f"unknown decision '{decision}'; use {', '.join(DECISIONS)}",
                             f"ukjent avgjørelse '{decision}'; bruk {', '.join(DECISIONS)}"))
    before, after = DECISIONS[decision]
    if w.status != before:
        raise UsageError(msg(f"waiver {code}/{n} is {w.status}; only a {before} waiver can be {after}",
                             f"unntak {code}/{n} er {_STATE_NB[w.status]}; bare et {_STATE_NB[before]} unntak kan bli "
                             f"{_STATE_NB[after]}"))
    if decision == "approve" and by == w.proposed_by:
        raise UsageError(msg(f"{by} proposed waiver {code}/{n}; another user must approve it",
                             f"{by} foreslo unntak {code}/{n}; en annen bruker må godkjenne det"))
    if decision == "approve" and w.expires < today:
        raise UsageError(msg(f"waiver {code}/{n} expired on {w.expires}; propose it again with a new date",
                             f"unntak {code}/{n} utløp {w.expires}; foreslå det på nytt med ny dato"))
    reason = str(reason or "").strip()
    if decision == "reject" and not reason:
        raise UsageError(msg("a rejection needs a reason", "en avvisning må ha en begrunnelse"))
    iri, ea = _waiver_iri(code, n), str(EA)
    step = len(w.events) + 1
    repo.store.update(
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{iri}> <{ea}waiverStatus> ?status }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n<{iri}> <{ea}waiverStatus> {_nt(Literal(after))} .\n"
        + _event_triples(iri, step, after, by, reason) + "\n} }")
    return stored_waiver(repo, code, n)


_STATE_NB = {"proposed": "foreslått", "approved": "godkjent", "rejected": "avvist", "expired": "utløpt"}


def _system_ids(repo, code: str) -> set[str]:
    from .namespaces import inventory_graph

    rows = repo.query(f"SELECT ?id WHERE {{ GRAPH <{inventory_graph(code)}> {{ ?s a <{EA}System> ; <{EA}id> ?id }} }}")
    return {r["id"].value for r in rows}
