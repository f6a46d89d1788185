"""Namespaces and IRI minting. IRIs are stable and readable: derived from kommunenummer + row id."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/ea-repo/"
EA = Namespace(BASE + "ont#")
VOCAB = Namespace(BASE + "vocab/")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
COMPONENT = Namespace(BASE + "catalog/component/")
PARTNER = Namespace(BASE + "catalog/partner/")  # external partners' systems (catalog/partners.ttl)
STANDARD = Namespace(BASE + "catalog/standard/")
REQUIREMENT = Namespace(BASE + "catalog/requirement/")
KOMMUNE = Namespace(BASE + "id/kommune/")
FYLKE = Namespace(BASE + "id/fylke/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")

CATALOG_GRAPH = GRAPH["catalog"]
META_GRAPH = GRAPH["meta"]

PREFIXES = {
    "ea": EA,
    "kommune": KOMMUNE,
    "fylke": FYLKE,
    "component": COMPONENT,
    "partner": PARTNER,
    "standard": STANDARD,
    "requirement": REQUIREMENT,
    "dct": DCT,
    "prov": PROV,
}

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")


def vocab(scheme: str, notation: str) -> URIRef:
    return VOCAB[f"{scheme}/{notation}"]


def inventory_graph(kommunenummer: str) -> URIRef:
    return GRAPH[f"inventory/{kommunenummer}"]


def previous_graph(kommunenummer: str) -> URIRef:
    """The kommune's inventory before its last import (for trends)."""
    return GRAPH[f"previous/{kommunenummer}"]


def kommune(code: str) -> URIRef:
    return KOMMUNE[code]


def thing(kommunenummer: str, kind: str, row_id: str) -> URIRef:
    """IRI of a system, interface or integration of one kommune's inventory."""
    return ID[f"{kommunenummer}/{kind}/{row_id}"]


def slug(text: str) -> str:
    """A readable IRI segment for a name: 'Visma Enterprise AS' -> 'visma-enterprise-as'."""
    t = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae"))
    t = t.replace("å", "a").replace("Å", "A")
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t or "x"


def vendor(name: str) -> URIRef:
    return ID[f"vendor/{slug(name)}"]


def organisation(name: str) -> URIRef:
    return ID[f"org/{slug(name)}"]


# --- inter-municipal co-operations (ea_repo/cooperation.py) -------------------------------------------
# A co-operation's id starts with a letter (a kommunenummer is four digits, so the two never clash) and
# its things live under id/cooperation/{id}/…; a member's inventory refers to a shared installation as
# "{co-operation id}:{system id}" (the ':' is not allowed in an inventory id, so this never names a row).

COOPERATION_ID = re.compile(r"^[a-z][a-z0-9-]{1,62}\Z")
SHARED_REF = re.compile(r"^([a-z][a-z0-9-]{1,62}):([A-Za-z0-9][A-Za-z0-9._-]{0,127})\Z")


def cooperation(coop_id: str) -> URIRef:
    return ID[f"cooperation/{coop_id}"]


def shared_system(coop_id: str, system_id: str) -> URIRef:
    """IRI of a system in a co-operation's own inventory (a shared installation)."""
    return ID[f"cooperation/{coop_id}/system/{system_id}"]
