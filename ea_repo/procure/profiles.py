"""Requirement profiles: the shipped ones (catalog/procurement-profiles.ttl) and a kommune's own (YAML).

A profile is data. MUST/SHOULD is derived from the catalogue requirement a profile requirement rests on:
level krav and verified -> MUST, anything else -> SHOULD; a check of the recognised means of a duty is
SHOULD. A kommune's profile extends a shipped one: it may add requirements, raise a SHOULD to a MUST and
set weights, never lower a legal duty.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .. import catalog
from ..errors import InputError, UsageError
from ..i18n import msg
from ..namespaces import BASE, EA, ID, ID_PATTERN, REQUIREMENT

PROFILE = Namespace(BASE + "catalog/profile/")
MUST, SHOULD = "MUST", "SHOULD"
GOOD_PRACTICE = {"nb": "God praksis (ingen hjemmel)", "en": "Good practice (no legal basis)"}
KOMMUNE_OWN = {
    "nb": "Kommunens eget krav (ingen hjemmel)",
    "en": "The kommune's own requirement (no legal basis)",
}


@dataclass(frozen=True)
class ProfileRequirement:
    id: str
    iri: URIRef
    title: dict[str, str]
    description: dict[str, str]
    prop: URIRef  # the spec property checked
    accepts: tuple = ()  # any one of these values
    requires: tuple = ()  # every one of these values
    presence: bool = False  # at least one value
    applies_unless: URIRef | None = None  # not applicable when the spec states this boolean false
    requirement: URIRef | None = None  # the catalogue requirement (level, legal basis, source come from it)
    level: str = "god-praksis"
    legal_basis: dict[str, str] | None = None
    source_url: str | None = None
    area: str | None = None
    verified: bool = True
    recognised_means: bool = False
    obligation: str = SHOULD
    weight: float = 1.0
    origin: str = "catalogue"  # catalogue | kommune
    raised: bool = False  # a SHOULD the kommune raised to a MUST

    def text(self, name: str, lang: str = "nb") -> str:
        d = getattr(self, name) or {}
        return d.get(lang) or d.get("en") or d.get("nb") or ""


@dataclass(frozen=True)
class Profile:
    id: str
    label: dict[str, str]
    description: dict[str, str]
    categories: tuple[URIRef, ...]
    extends: str | None
    requirements: tuple[ProfileRequirement, ...]  # effective: inherited + own, in order
    kommune: str | None = None
    source: str = "catalogue"

    def text(self, name: str, lang: str = "nb") -> str:
        d = getattr(self, name) or {}
        return d.get(lang) or d.get("en") or d.get("nb") or ""

    def requirement(self, rid: str) -> ProfileRequirement | None:
        return next((r for r in self.requirements if r.id == rid), None)

    def counts(self) -> dict[str, int]:
        return {o: sum(r.obligation == o for r in self.requirements) for o in (MUST, SHOULD)}


def obligation_for(level: str, verified: bool, recognised_means: bool = False) -> str:
    return MUST if level == "krav" and verified and not recognised_means else SHOULD


def _langs(g, s, p) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(s, p):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", str(o))
    if "" in out:
        plain = out.pop("")
        out.setdefault("nb", plain)
        out.setdefault("en", plain)
    return out


def _tail(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def catalogue_facts(req: URIRef) -> dict:
    """Level, legal basis, source, area, verified, title and text of a catalogue requirement."""
    g = catalog.catalog_graph()
    if (req, RDF.type, EA.Requirement) not in g:
        raise KeyError(str(req))
    level = g.value(req, EA.levelKommune)
    area = g.value(req, EA.area)
    sources = sorted(str(s) for s in g.objects(req, DCTERMS.source))
    return {
        "requirement": req,
        "level": _tail(level) if level is not None else "god-praksis",
        "legal_basis": _langs(g, req, EA.legalBasis),
        "source_url": sources[0] if sources else None,
        "area": _tail(area) if area is not None else None,
        "verified": bool(g.value(req, EA.verified).toPython())
        if g.value(req, EA.verified) is not None
        else False,
        "title": _langs(g, req, DCTERMS.title),
        "description": _langs(g, req, EA.description),
    }


def _with_catalogue(base: dict, req: URIRef | None, recognised_means: bool) -> dict:
    if req is None:
        return {**base, "legal_basis": dict(GOOD_PRACTICE), "obligation": SHOULD}
    facts = catalogue_facts(req)
    title, description = facts.pop("title"), facts.pop("description")
    return {
        **base,
        **facts,
        "title": base.get("title") or title,
        "description": base.get("description") or description,
        "obligation": obligation_for(facts["level"], facts["verified"], recognised_means),
    }


def _read_requirement(g, node) -> ProfileRequirement:
    req = g.value(node, EA.basedOn)
    means = bool(
        g.value(node, EA.recognisedMeans) is not None and g.value(node, EA.recognisedMeans).toPython()
    )
    presence = g.value(node, EA.requiresPresence)
    base = {
        "id": str(g.value(node, EA.id)),
        "iri": node,
        "title": _langs(g, node, DCTERMS.title),
        "description": _langs(g, node, EA.description),
        "prop": g.value(node, EA.checksProperty),
        "accepts": tuple(sorted(g.objects(node, EA.acceptsValue), key=str)),
        "requires": tuple(sorted(g.objects(node, EA.requiresValue), key=str)),
        "presence": bool(presence is not None and presence.toPython()),
        "applies_unless": g.value(node, EA.appliesUnlessFalse),
        "recognised_means": means,
        "weight": float(g.value(node, EA.weight) or 1),
    }
    return ProfileRequirement(**_with_catalogue(base, req, means))


@cache
def shipped_profiles() -> dict[str, Profile]:
    """Every profile in the catalogue, with inherited requirements resolved (profile id -> Profile)."""
    g = catalog.catalog_graph()
    own: dict[str, list[ProfileRequirement]] = {}
    heads = {}
    for p in g.subjects(RDF.type, EA.Profile):
        pid = str(g.value(p, EA.id))
        heads[pid] = p
        nodes = sorted(g.subjects(EA.inProfile, p), key=str)
        own[pid] = [_read_requirement(g, n) for n in nodes]

    def resolve(pid: str, seen=()) -> list[ProfileRequirement]:
        if pid in seen:
            raise ValueError(f"profile {pid} extends itself")
        parent = g.value(heads[pid], EA.extends)
        reqs = resolve(_tail(parent), (*seen, pid)) if parent is not None else []
        mine = {r.id: r for r in own[pid]}
        return [mine.pop(r.id, r) for r in reqs] + list(mine.values())

    out = {}
    for pid, p in sorted(heads.items()):
        parent = g.value(p, EA.extends)
        out[pid] = Profile(
            id=pid,
            label=_langs(g, p, RDFS.label),
            description=_langs(g, p, EA.description),
            categories=tuple(sorted(g.objects(p, EA.profileCategory), key=str)),
            extends=_tail(parent) if parent is not None else None,
            requirements=tuple(resolve(pid)),
        )
    return out


# --- a kommune's own profile (YAML) ----------------------------------------------------------------


def _compose(text: str, file: str):
    """YAML -> (python value, {element path: line}) so every error can say where."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            msg(f"not valid YAML ({getattr(exc, 'problem', exc)})", f"ikke gyldig YAML ({getattr(exc, 'problem', exc)})"),
            file=file,
            line=mark.line + 1 if mark else None,
            hint=msg("check indentation and quoting", "sjekk innrykk og anførselstegn"),
        ) from exc
    lines: dict[str, int] = {}

    def walk(node, path: str):
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return {k.value: walk(v, f"{path}.{k.value}" if path else k.value) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(node.value)]
        return yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value

    return (walk(root, "") if root is not None else None), lines


def _texts(value, err, path) -> dict[str, str]:
    if isinstance(value, str):
        return {"nb": value, "en": value}
    if (
        isinstance(value, dict)
        and value
        and all(k in ("nb", "en") and isinstance(v, str) for k, v in value.items())
    ):
        return dict(value)
    raise err(msg("write a text, or {nb: ..., en: ...}", "skriv en tekst, eller {nb: ..., en: ...}"), path)


def _suggest(word: str, known) -> str:
    close = difflib.get_close_matches(str(word), list(known), n=3)
    if close:
        return msg(f"did you mean {', '.join(close)}?", f"mente du {', '.join(close)}?")
    return msg(f"known: {', '.join(sorted(known))}", f"disse finnes: {', '.join(sorted(known))}")


def load_kommune_profile(path: Path) -> Profile:
    """Read a kommune's own profile; every unknown id or bad value is an InputError naming file, line, element."""
    from .spec import FIELDS, resolve_values  # spec field names are the vocabulary of 'property'

    file = str(path)
    if not path.is_file():
        raise InputError(msg("file not found", "finner ikke filen"), file=file, hint=msg("check the path", "sjekk stien"))
    data, lines = _compose(path.read_text(encoding="utf-8"), file)

    def err(problem, where, hint=None):
        return InputError(problem, file=file, line=lines.get(where), element=where or None, hint=hint)

    if not isinstance(data, dict):
        raise err(msg("the profile must be a mapping with id, extends, …",
                      "kravprofilen må være en mapping med id, extends, …"), "")
    allowed = {"id", "extends", "kommune", "label", "description", "add", "raise", "weights"}
    for k in data:
        if k not in allowed:
            raise err(msg(f"unknown key '{k}'", f"ukjent nøkkel '{k}'"), k, _suggest(k, allowed))
    shipped = shipped_profiles()
    for key in ("id", "extends"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise err(msg(f"'{key}' is missing", f"'{key}' mangler"), key,
                      msg("give the profile an id and the shipped profile it extends",
                          "gi kravprofilen en id, og oppgi den medfølgende kravprofilen den bygger på"))
    parent = shipped.get(data["extends"])
    if parent is None:
        raise err(msg(f"unknown profile '{data['extends']}'", f"ukjent kravprofil '{data['extends']}'"), "extends",
                  _suggest(data["extends"], shipped))
    kommune = str(data["kommune"]) if data.get("kommune") is not None else None
    if kommune is not None and kommune not in catalog.kommuner():
        raise err(msg(f"unknown kommunenummer '{kommune}'", f"ukjent kommunenummer '{kommune}'"), "kommune",
                  msg("use the four-digit 2024 kommunenummer", "bruk det firesifrede kommunenummeret fra 2024"))
    pid = data["id"].strip()
    if not ID_PATTERN.match(pid):
        raise err(msg(f"'{pid}' is not a valid id", f"'{pid}' er ikke en gyldig id"), "id",
                  msg("use letters, digits, dot, hyphen, underscore", "bruk bokstaver, sifre, punktum, bindestrek, understrek"))
    reqs = {r.id: r for r in parent.requirements}
    for i, item in enumerate(data.get("add") or []):
        r = _own_requirement(item, f"add[{i}]", pid, err, FIELDS, resolve_values)
        if r.id in reqs:
            raise err(
                msg(f"requirement '{r.id}' is already in profile {parent.id}",
                    f"kravet '{r.id}' finnes allerede i kravprofilen {parent.id}"),
                f"add[{i}].id",
                msg("use 'raise' or 'weights' to change it, or pick another id",
                    "bruk 'raise' eller 'weights' for å endre det, eller velg en annen id"),
            )
        reqs[r.id] = r
    for i, rid in enumerate(data.get("raise") or []):
        if rid not in reqs:
            raise err(msg(f"unknown requirement '{rid}'", f"ukjent krav '{rid}'"), f"raise[{i}]", _suggest(rid, reqs))
        r = reqs[rid]
        if r.obligation == SHOULD:
            reqs[rid] = replace(r, obligation=MUST, raised=True)
    for rid, w in (data.get("weights") or {}).items():
        if rid not in reqs:
            raise err(msg(f"unknown requirement '{rid}'", f"ukjent krav '{rid}'"), f"weights.{rid}", _suggest(rid, reqs))
        if isinstance(w, bool) or not isinstance(w, int | float) or w < 0:
            raise err(msg(f"weight must be a number ≥ 0, not {w!r}", f"vekten må være et tall ≥ 0, ikke {w!r}"),
                      f"weights.{rid}")
        reqs[rid] = replace(reqs[rid], weight=float(w))
    return Profile(
        id=pid,
        label=_texts(data.get("label") or pid, err, "label"),
        description=_texts(data.get("description") or parent.description or "-", err, "description"),
        categories=parent.categories,
        extends=parent.id,
        requirements=tuple(reqs.values()),
        kommune=kommune,
        source=file,
    )


def _own_requirement(item, where, pid, err, fields, resolve_values) -> ProfileRequirement:
    if not isinstance(item, dict):
        raise err(
            msg("each added requirement is a mapping (id, title, obligation, weight, and what meets it)",
                "hvert krav som legges til, er en mapping (id, title, obligation, weight og det som oppfyller det)"),
            where,
        )
    allowed = {
        "id",
        "title",
        "text",
        "obligation",
        "weight",
        "requirement",
        "standards",
        "components",
        "property",
        "any",
        "all",
        "present",
    }
    for k in item:
        if k not in allowed:
            raise err(msg(f"unknown key '{k}'", f"ukjent nøkkel '{k}'"), f"{where}.{k}", _suggest(k, allowed))
    rid = item.get("id")
    if not isinstance(rid, str) or not ID_PATTERN.match(rid.strip()):
        raise err(
            msg("'id' is missing or not an id (letters, digits, dot, hyphen, underscore)",
                "'id' mangler eller er ikke en id (bokstaver, sifre, punktum, bindestrek, understrek)"),
            f"{where}.id" if rid else where,
        )
    prop_name = item.get("property") or (
        "standards" if "standards" in item else "components" if "components" in item else None
    )
    if prop_name not in fields or fields[prop_name].multi is None:
        checkable = [k for k, f in fields.items() if f.multi is not None]
        raise err(
            msg(f"say what meets the requirement: standards, components, or property ({prop_name!r} is not one)",
                f"oppgi hva som oppfyller kravet: standards, components eller property ({prop_name!r} er ingen av dem)"),
            f"{where}.property" if "property" in item else where,
            msg(f"properties: {', '.join(checkable)}", f"egenskaper: {', '.join(checkable)}"),
        )
    field = fields[prop_name]
    any_values = (
        item.get("standards")
        if "standards" in item
        else item.get("components")
        if "components" in item
        else item.get("any")
    )
    values = {}
    for key, raw in (("any", any_values), ("all", item.get("all"))):
        if raw is None:
            continue
        if not isinstance(raw, list) or not raw:
            raise err(msg(f"'{key}' must be a non-empty list", f"'{key}' må være en liste som ikke er tom"), f"{where}.{key}")
        k = (
            "standards"
            if "standards" in item and key == "any"
            else "components"
            if "components" in item and key == "any"
            else key
        )
        values[key] = tuple(
            resolve_values(field, raw, lambda i, p, h=None, k=k: err(p, f"{where}.{k}[{i}]", h))
        )
    present = bool(item.get("present"))
    if not values and not present:
        raise err(msg("give the values that meet it (standards, components, any or all) or present: true",
                      "oppgi verdiene som oppfyller kravet (standards, components, any eller all), eller present: true"),
                  where)
    req_iri = None
    if item.get("requirement") is not None:
        req_iri = REQUIREMENT[str(item["requirement"])]
        if (req_iri, RDF.type, EA.Requirement) not in catalog.catalog_graph():
            known = [_tail(s) for s in catalog.catalog_graph().subjects(RDF.type, EA.Requirement)]
            raise err(
                msg(f"unknown catalogue requirement '{item['requirement']}'",
                    f"ukjent krav i katalogen '{item['requirement']}'"),
                f"{where}.requirement",
                _suggest(item["requirement"], known),
            )
    obligation = str(item.get("obligation") or SHOULD).upper()
    if obligation not in (MUST, SHOULD):
        raise err(msg(f"obligation must be MUST or SHOULD, not {item['obligation']!r}",
                      f"obligation må være MUST eller SHOULD, ikke {item['obligation']!r}"), f"{where}.obligation")
    weight = item.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
        raise err(msg(f"weight must be a number ≥ 0, not {weight!r}", f"vekten må være et tall ≥ 0, ikke {weight!r}"),
                  f"{where}.weight")
    base = {
        "id": rid.strip(),
        "iri": ID[f"profile/{pid}/{rid.strip()}"],
        "prop": field.predicate,
        "title": _texts(item["title"], err, f"{where}.title") if "title" in item else {},
        "description": _texts(item["text"], err, f"{where}.text") if "text" in item else {},
        "accepts": values.get("any", ()),
        "requires": values.get("all", ()),
        "presence": present,
        "weight": float(weight),
        "origin": "kommune",
    }
    if req_iri is None:
        if not base["title"]:
            raise err(msg("a requirement of the kommune's own needs a title", "et krav kommunen har laget selv, må ha en tittel"),
                      f"{where}.title")
        return ProfileRequirement(
            **{
                **base,
                "legal_basis": dict(KOMMUNE_OWN),
                "level": "god-praksis",
                "obligation": obligation,
                "description": base["description"] or base["title"],
            }
        )
    full = _with_catalogue(base, req_iri, False)
    if full["obligation"] == MUST and obligation == SHOULD and "obligation" in item:
        raise err(
            msg(f"'{item['requirement']}' is a legal duty for kommuner (MUST); it cannot be lowered to SHOULD",
                f"'{item['requirement']}' er en lovpålagt plikt for kommuner (MUST); den kan ikke senkes til SHOULD"),
            f"{where}.obligation",
        )
    raised = obligation == MUST and full["obligation"] == SHOULD
    return ProfileRequirement(
        **{**full, "obligation": MUST if raised else full["obligation"], "raised": raised}
    )


def get_profile(name: str, profile_file: Path | None = None) -> Profile:
    """A shipped profile by id, or the kommune profile in profile_file (whose id or extends may be name)."""
    if profile_file is not None:
        own = load_kommune_profile(Path(profile_file))
        if name in (None, own.id, own.extends):
            return own
        raise UsageError(msg(f"--profile {name} does not match the id '{own.id}' in {profile_file}",
                             f"--profile {name} stemmer ikke med id-en '{own.id}' i {profile_file}"))
    shipped = shipped_profiles()
    if name not in shipped:
        near = _suggest(name, shipped)
        raise UsageError(
            msg(f"unknown profile '{name}'; {near} (`ea-repo procure profiles` lists them)",
                f"ukjent kravprofil '{name}'; {near.nb} (`ea-repo procure profiles` viser dem)")
        )
    return shipped[name]
