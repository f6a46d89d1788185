"""Norwegian (bokmål) and English names of the inventory's sheets, columns and allowed values: one table.

What a name may be, for each target:
- sheets: the canonical name (`systems`), its bokmål name (`systemer`) and the aliases below;
- columns: the canonical name (`lifecycle`), the property's rdfs:label in nb and en from the ontology
  (`livsløpsstatus`, `lifecycle status`) and the aliases below (`livsløp`);
- values of a controlled column: the concept's skos:notation (`production`), its skos:prefLabel and
  skos:altLabel in nb and en from ontology/vocab.ttl (`I produksjon`) and the aliases below (`produksjon`).

Names are compared by `key()`: case folded, æ→ae, ø→o, å→a, other accents dropped, and every character
that is not a letter or digit removed — so `Driftes av`, `driftes_av` and `driftesAv` are one name, and
`Sak/arkiv` is `sak-arkiv`. A name derived from the ontology that would be ambiguous (two targets) or
equal to another target's own name is not used; an explicit alias here that is ambiguous is an error
(located at this file), caught by the tests before it reaches a user.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ..errors import InputError, InputErrors
from ..i18n import msg

_HERE = "ea_repo/inventory/aliases.py"

# Sheet -> its name in each language (the template writes these) and further accepted names.
SHEET_NAMES: dict[str, dict[str, str]] = {
    "meta": {"en": "meta", "nb": "meta"},
    "systems": {"en": "systems", "nb": "systemer"},
    "interfaces": {"en": "interfaces", "nb": "grensesnitt"},
    "integrations": {"en": "integrations", "nb": "integrasjoner"},
}
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    "meta": ("metadata", "om"),
    "systems": ("system", "applications", "applikasjoner", "fagsystemer"),
    "interfaces": ("interface", "api", "apis", "grensesnittene"),
    "integrations": ("integration", "integrasjon", "flows", "flyter", "dataflyt"),
}
# Documentation sheets of a workbook (the reader skips them, as it skips sheets starting with '_').
DOC_SHEETS = ("readme", "les meg", "lesmeg", "columns", "kolonner")

# Column -> further accepted names (beyond its own name and the ontology's nb/en rdfs:label).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("identifikator",),
    "name": ("systemnavn",),
    "vendor": ("supplier", "leverandor"),
    "category": ("tjenesteområde", "fagområde"),
    "lifecycle": ("livsløp", "livssyklus"),
    "hosting": ("driftsform", "driftsmodell"),
    "owner": ("eier", "systemansvarlig"),
    "operatedBy": ("driftet av", "driftsansvarlig"),
    "contractEnd": ("kontraktslutt", "avtalen utløper"),
    "endOfLife": ("end of support",),
    "provider": ("fra", "from"),
    "consumer": ("til", "to", "mottaker"),
    "url": ("nettadresse", "lenke"),
}

# Meta key -> its bokmål name (the nb template writes it) and further accepted names.
META_NAMES: dict[str, str] = {
    "kommune": "kommune", "name": "navn", "fictional": "fiktiv", "description": "beskrivelse",
    "source": "kilde", "date": "dato", "integrationsComplete": "integrasjoner komplette",
    "informationSecurityManagement": "internkontroll informasjonssikkerhet", "normen": "Normen",
}
META_ALIASES: dict[str, tuple[str, ...]] = {"kommune": ("kommunenummer",), "fictional": ("oppdiktet",)}

# Scheme -> {notation: further accepted values}, beyond the vocabulary's notation and labels.
VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "lifecycle": {
        "production": ("produksjon", "i drift", "i bruk", "aktiv", "in use"),
        "planned": ("plan", "under anskaffelse"),
        "phase-out": ("utfasing", "utfases", "fases ut", "phasing out"),
        "retired": ("utfaset", "avsluttet", "nedlagt", "ikke i bruk", "decommissioned"),
        "unknown": ("vet ikke", "ikke kjent"),
    },
    "hosting": {
        "on-premises": ("lokal drift", "lokalt", "egen drift", "on-prem"),
        "iks": ("interkommunal drift", "ikt-samarbeid"),
        "vendor-hosted": ("leverandørdrift", "hos leverandør"),
        "saas": ("skytjeneste",),
        "public-cloud": ("offentlig sky", "iaas", "paas"),
    },
    "sensitivity": {
        "open": ("åpne",),
        "personal": ("personlig",),
        "special-category": ("særlige kategorier", "sensitive personopplysninger"),
        "confidential": ("fortrolig", "taushetsplikt"),
    },
    "category": {
        "lonn-hr": ("lønn", "hr", "personal og lønn"),
        "epj-helse-omsorg": ("epj", "helse og omsorg", "pleie og omsorg"),
        "politisk": ("møtebehandling",),
    },
    "mode": {
        "message": ("melding", "meldinger", "asynkron"),
        "file-transfer": ("fil", "filer", "filoverforing"),
        "event": ("hendelse",),
        "manual": ("manuell", "manuelt", "dobbeltregistrering"),
        "api": ("synkron",),
    },
    "charset": {
        "iso-8859-1": ("latin-1", "latin1"),
        "windows-1252": ("cp1252", "ansi"),
    },
}

BOOL_LABELS: dict[str, tuple[str, str]] = {"nb": ("ja", "nei"), "en": ("true", "false")}


def fold(text: object) -> str:
    """Lower case with Norwegian letters spelt out in ASCII (æ→ae, ø→o, å→a) and accents dropped."""
    s = str(text).strip().casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def key(text: object) -> str:
    """The form names are compared in: folded, with everything but letters and digits removed."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class Names:
    """Accepted names of a set of targets: key -> target, with what each target is shown as."""

    by_key: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # key -> the name as spelt (for suggestions)

    def get(self, name: object) -> str | None:
        return self.by_key.get(key(name))

    def suggest(self, name: object, n: int = 1) -> list[str]:
        """The nearest accepted names, as spelt (case, accents and separators ignored)."""
        k = key(name)
        if not k:
            return []
        near = difflib.get_close_matches(k, list(self.by_key), n=n, cutoff=0.6)
        if not near:  # a prefix: 'integr' -> integrations
            near = [x for x in sorted(self.by_key) if len(k) >= 3 and x.startswith(k)][:n]
        return [self.shown[x] for x in near]


def _add(names: Names, target: str, name: str, *, explicit: bool, where: str, own: dict[str, str],
         errors: list[InputError]) -> None:
    k = key(name)
    if not k:
        return
    held = names.by_key.get(k)
    owner = own.get(k)
    if owner is not None and owner != target:  # equal to another target's own name: that name wins
        if explicit:
            errors.append(InputError(msg(f"the alias '{name}' of '{target}' is the name of '{owner}'",
                                         f"aliaset '{name}' for '{target}' er navnet på '{owner}'"), file=_HERE,
                                     element=where, hint=msg("remove the alias or give it to one target only",
                                                             "fjern aliaset eller gi det til bare ett mål"),
                                     code="alias-clash"))
        return
    if held is None:
        names.by_key[k], names.shown[k] = target, name
    elif held != target:
        if explicit:
            errors.append(InputError(msg(f"the alias '{name}' is given to both '{held}' and '{target}'",
                                         f"aliaset '{name}' er gitt både til '{held}' og til '{target}'"), file=_HERE,
                                     element=where, hint=msg("an alias must name one target only",
                                                             "et alias kan bare vise til ett mål"), code="alias-clash"))
        elif k not in own:  # two derived labels collide: the label names neither
            names.by_key[k] = "\0ambiguous"


def build_names(targets: dict[str, list[str]], explicit: dict[str, tuple[str, ...]], where: str) -> Names:
    """targets: target -> [its own names first, then derived labels]; explicit: target -> aliases.
    Raises InputErrors when an explicit alias clashes."""
    names, errors = Names(), []
    own = {key(ns[0]): t for t, ns in targets.items() if ns}
    for t, ns in targets.items():
        for i, n in enumerate(ns):
            if i == 0:
                names.by_key[key(n)], names.shown[key(n)] = t, n
            else:
                _add(names, t, n, explicit=False, where=where, own=own, errors=errors)
    for t, aliases in explicit.items():
        if t not in targets:
            errors.append(InputError(msg(f"alias for an unknown target '{t}'", f"alias for et ukjent mål '{t}'"), file=_HERE,
                                     element=f"{where}['{t}']", hint=msg("correct the target's name", "rett navnet på målet"),
                                     code="alias-clash"))
            continue
        for a in aliases:
            _add(names, t, a, explicit=True, where=f"{where}['{t}']", own=own, errors=errors)
    if errors:
        raise InputErrors(errors)
    for k in [k for k, t in names.by_key.items() if t == "\0ambiguous"]:
        del names.by_key[k]
        del names.shown[k]
    return names


# --- the tables, built once from the schema and the ontology ----------------------------------------


@cache
def sheet_names() -> Names:
    return build_names({s: [s, *SHEET_NAMES[s].values()] for s in SHEET_NAMES}, SHEET_ALIASES, "SHEET_ALIASES")


def _labels(subject, lang: str | None = None) -> list[str]:
    """SUBJECT's labels in LANG (None: nb and en), preferred label first, from the compiled catalogue look-ups
    (no parse of the catalogue's Turtle)."""
    from .. import catalog

    out = [text for text, lg in catalog.lookups()["names"].get(str(subject), ()) if lang is None or lg == lang]
    return list(dict.fromkeys(out))


def column_label(sheet: str, column, lang: str) -> str:
    """The column's header in a language: its own name in English, the ontology's nb label in bokmål."""
    if lang == "en":
        return column.name
    labels = [x for x in _labels(column.predicate, "nb") if column_names(sheet).get(x) == column.name]
    return labels[0] if labels else column.name


@cache
def column_names(sheet: str) -> Names:
    from .schema import SHEETS_BY_NAME

    cols = SHEETS_BY_NAME[sheet].columns
    targets = {c.name: [c.name, *_labels(c.predicate)] for c in cols}
    return build_names(targets, {t: a for t, a in COLUMN_ALIASES.items() if t in targets}, f"COLUMN_ALIASES ({sheet})")


@cache
def meta_names() -> Names:
    from .schema import META_KEYS

    return build_names({k: [k, META_NAMES.get(k, k)] for k in META_KEYS}, META_ALIASES, "META_ALIASES")


@cache
def concept_labels(scheme: str, lang: str) -> dict[str, str]:
    """notation -> the label a template in `lang` shows (the notation itself when no usable label)."""
    from .. import catalog

    names = value_names(scheme)
    out = {}
    for notation, concept in catalog.scheme_notations(scheme).items():
        labels = [x for x in _labels(concept, lang) if names.get(x) == notation]
        out[notation] = labels[0] if labels else notation
    return out


@cache
def value_names(scheme: str) -> Names:
    from .. import catalog

    targets = {n: [n, *_labels(c)] for n, c in catalog.scheme_notations(scheme).items()}
    extra = {n: a for n, a in VALUE_ALIASES.get(scheme, {}).items()}
    return build_names(targets, extra, f"VALUE_ALIASES['{scheme}']")


def check_tables() -> list[InputError]:
    """Build every table; the clashes found (an empty list when the table is sound)."""
    from .. import catalog
    from .schema import SHEETS

    errors: list[InputError] = []
    builders = [sheet_names, meta_names, *[(lambda s=s: column_names(s.name)) for s in SHEETS]]
    schemes = sorted({c.scheme for s in SHEETS for c in s.columns if c.scheme})
    builders += [(lambda sc=sc: value_names(sc)) for sc in schemes]
    for b in builders:
        try:
            b()
        except InputErrors as exc:
            errors += exc.errors
    for sc in VALUE_ALIASES:
        if sc not in schemes and not catalog.scheme_notations(sc):
            errors.append(InputError(msg(f"aliases for an unknown scheme '{sc}'", f"alias for et ukjent kodeverk '{sc}'"),
                                     file=_HERE, element="VALUE_ALIASES", code="alias-clash"))
    return errors
