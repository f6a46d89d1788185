"""Turn a RawInventory into the kommune's RDF graph, checking every value on the way.

All tabular formats pass through here, so a value is checked the same way whether it came from
XLSX, CSV or JSON, and every error names file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import catalog
from ..errors import InputError, InputErrors
from ..i18n import Msg, msg, text
from ..namespaces import DCT, EA, ID_PATTERN, PREFIXES, kommune, organisation, thing, vendor
from . import aliases
from .readers import RawInventory, Row
from .schema import FALSE_WORDS, LIST_SEPARATOR, META_BOOLS, SHEETS, TRUE_WORDS, Column, Sheet


def inventory_iri(kommunenummer: str) -> URIRef:
    return URIRef(f"https://w3id.org/ea-repo/id/{kommunenummer}/inventory")


def _values(col: Column, raw: object) -> list[object]:
    if raw is None:
        return []
    if isinstance(raw, dict):
        raise ValueError(msg("an object is not a value", "et objekt er ikke en verdi"),
                         msg("write a text, a number or true/false (JSON: no nested objects)",
                             "skriv en tekst, et tall eller true/false (JSON: ingen nestede objekter)"))
    if isinstance(raw, list):
        if not col.multi:
            raise ValueError(_ONE_VALUE, msg("write the value without [ ]", "skriv verdien uten [ ]"))
        if any(isinstance(v, (list, dict)) for v in raw):
            raise ValueError(msg("a list of lists or objects is not a value",
                                 "en liste av lister eller objekter er ikke en verdi"),
                             msg("write a flat list of texts", "skriv en flat liste av tekster"))
        items = raw
    elif col.multi and isinstance(raw, str):
        items = raw.split(LIST_SEPARATOR)
    else:
        items = [raw]
    out = []
    for v in items:
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            raise ValueError(msg("NaN and infinity are not values", "NaN og uendelig er ikke verdier"),
                             msg("write a number, or leave the cell blank", "skriv et tall, eller la cellen stå tom"))
        if isinstance(v, str):
            v = v.strip()
            if v == "":
                continue
        out.append(v)
    if len(out) > 1 and not col.multi:
        raise ValueError(_ONE_VALUE)
    return out


_ONE_VALUE = msg("takes one value, not a list", "tar én verdi, ikke en liste")


def _bool(v: object) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise ValueError(msg(f"'{v}' is not true/false", f"'{v}' er ikke true/false"),
                     msg("write true or false (ja/nei and yes/no are accepted too)",
                         "skriv true eller false (ja/nei og yes/no godtas også)"))


def _amount(v) -> Decimal:
    """A non-negative amount of kroner: a number cell, or text as Norwegians write it (125000, 125 000, 125 000,50,
    kr 125 000, 125.000,50)."""
    if isinstance(v, bool):
        raise ValueError(msg(f"'{v}' is not an amount", f"'{v}' er ikke et beløp"))
    if isinstance(v, int | float | Decimal):
        d = Decimal(str(v))
    else:
        s = re.sub(r"(?i)^(kr\.?|nok)\s*|\s*(kr\.?|nok|,-)$", "", str(v).strip())
        s = s.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
        if "," in s:  # Norwegian: comma for decimals, dots (if any) between thousands
            s = s.replace(".", "").replace(",", ".")
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise ValueError(msg(f"'{v}' is not an amount", f"'{v}' er ikke et beløp"),
                             msg("write the kroner per year as a number, e.g. 125000 or 125 000,50",
                                 "skriv kroner per år som et tall, f.eks. 125000 eller 125 000,50")) from None
    if not d.is_finite() or d < 0 or d >= Decimal("1e15"):
        raise ValueError(msg(f"'{v}' is not an amount of kroner (0 or more, under 10^15)",
                             f"'{v}' er ikke et kronebeløp (0 eller mer, under 10^15)"),
                         msg("write the kroner per year as a number, e.g. 125000", "skriv kroner per år som et tall, f.eks. 125000"))
    return d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))


def _date(v: object) -> dt.date:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip()[:10])
    except ValueError:
        raise ValueError(msg(f"'{v}' is not a date", f"'{v}' er ikke en dato"),
                         msg("write dates as YYYY-MM-DD, e.g. 2027-12-31",
                             "skriv datoer som ÅÅÅÅ-MM-DD, f.eks. 2027-12-31")) from None



#: what to write in a true/false meta entry, where more than "true or false" helps
_META_BOOL_HINTS = {
    "integrationsComplete": msg("write true when every integration of every system is in the inventory",
                                "skriv true når alle integrasjonene til alle systemene er med i systemoversikten"),
}

class _Builder:
    def __init__(self, raw: RawInventory, kommunenummer: str, known: dict[str, set[str]] | None = None,
                 shared: dict[str, URIRef] | None = None):
        self.raw = raw
        self.k = kommunenummer
        self.known = known or {}  # sheet -> ids of stored rows references may name (import --mode merge)
        # "coop-id:system-id" -> IRI of the shared installations this kommune may name (ea_repo/cooperation.py);
        # None: no repository to ask, so any well-formed reference is taken as it is
        self.shared = shared
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.ids: dict[str, dict[str, Row]] = {}
        self.bad_rows: set[int] = set()  # rows whose id is missing or wrong: checked, not built
        self.errors: list[InputError] = []
        self.components = catalog.component_ids()
        self.partners = catalog.partner_ids()
        self.standards = catalog.standard_ids()
        self.kommuner = catalog.kommuner()
        # sheets a file error kept from being read: references into them are not reported as dangling
        self.unread = {s.name for s in SHEETS if s.name not in raw.sheets} if raw.errors else set()

    # -- errors: every one is collected, the build goes on ------------------------------------
    def fail(self, row: Row, column: str | None, problem: str, hint: str | None = None, *,
             value: object = None, code: str | None = None) -> None:
        self.errors.append(InputError(problem, hint=hint, value=value, code=code, **row.where(column)))

    def meta_fail(self, key: str, problem: str, hint: str | None = None, code: str = "meta") -> None:
        where = self.raw.meta_where.get(key) or {"file": self.raw.meta_file, "sheet": "meta", "element": key}
        self.errors.append(InputError(problem, hint=hint, value=self.raw.meta.get(key), code=code, **where))

    # -- passes ------------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for sheet in SHEETS:
            seen: dict[str, Row] = {}
            for row in self.raw.sheets.get(sheet.name, []):
                rid = row.values.get("id")
                rid = "" if rid is None else str(rid).strip()
                if not rid:
                    self.fail(row, "id", msg("the id is missing", "id-en mangler"),
                              msg("give every row a unique id", "gi hver rad en unik id"), code="required")
                    self.bad_rows.add(id(row))
                    continue
                if not ID_PATTERN.match(rid):
                    self.fail(row, "id", msg(f"'{rid}' is not a valid id", f"'{rid}' er ikke en gyldig id"), _id_hint(rid),
                              value=rid, code="bad-id")
                    self.bad_rows.add(id(row))
                if rid in seen:
                    first = seen[rid]
                    self.fail(row, "id", msg(f"duplicate id '{rid}' (first used in row {first.row})",
                                             f"id-en '{rid}' er brukt før (første gang i rad {first.row})"),
                              msg("make every id unique within its sheet", "gjør hver id unik innenfor arket sitt"),
                              value=rid, code="duplicate-id")
                    self.bad_rows.add(id(row))
                    continue
                if sheet.name == "systems" and rid in self.components:
                    self.fail(row, "id", msg(f"the id '{rid}' is the catalogue id of a national component",
                                             f"id-en '{rid}' er katalog-id-en til en nasjonal fellesløsning"),
                              msg("choose another id for the system; refer to the component by this id in integrations instead",
                                  "velg en annen id for systemet; bruk heller denne id-en når integrasjonene viser til "
                                  "fellesløsningen"),
                              value=rid, code="component-id")
                    self.bad_rows.add(id(row))
                seen[rid] = row
            self.ids[sheet.name] = seen

    def build(self) -> Graph:
        """The graph, or InputErrors holding every problem found (the readers' first)."""
        self.collect_ids()
        self.add_inventory_node()
        for sheet in SHEETS:
            for row in self.raw.sheets.get(sheet.name, []):
                if id(row) not in self.bad_rows:
                    self.add_row(sheet, row)
                else:
                    self.check_row(sheet, row)
        errors = [*self.raw.errors, *self.errors]
        if errors:
            raise InputErrors(errors)
        return self.g

    def add_inventory_node(self) -> None:
        inv = inventory_iri(self.k)
        g, m = self.g, self.raw.meta
        g.add((inv, RDF.type, EA.Inventory))
        g.add((inv, EA.kommune, kommune(self.k)))
        if m.get("name"):
            g.add((inv, EA.name, Literal(str(m["name"]))))
        if m.get("description"):
            g.add((inv, EA.description, Literal(str(m["description"]))))
        if m.get("source"):
            g.add((inv, DCT.source, Literal(str(m["source"]))))
        if m.get("date"):
            try:
                g.add((inv, DCT.date, Literal(_date(m["date"]), datatype=XSD.date)))
            except ValueError:
                self.meta_fail("date", msg(f"'{m['date']}' is not a date", f"'{m['date']}' er ikke en dato"),
                               msg("write YYYY-MM-DD", "skriv ÅÅÅÅ-MM-DD"))
        for key in META_BOOLS:
            if m.get(key) in (None, ""):
                continue
            try:
                g.add((inv, EA[key], Literal(_bool(m[key]))))
            except ValueError:
                v = m[key]
                self.meta_fail(key, msg(f"'{v}' is not true/false", f"'{v}' er ikke true/false"),
                               _META_BOOL_HINTS.get(key, msg("write true or false (ja/nei)", "skriv true eller false (ja/nei)")))
        declared = m.get("kommune")
        if declared not in (None, "") and str(declared).strip().zfill(4) != self.k:
            self.meta_fail(
                "kommune",
                msg(f"the file says it is the inventory of kommune {declared}, but it is being imported as {self.k}",
                    f"filen sier at den er systemoversikten for kommune {declared}, men den importeres som {self.k}"),
                msg("check --kommune, or correct the 'kommune' entry in the meta sheet",
                    "sjekk --kommune, eller rett oppføringen 'kommune' i meta-arket"), code="kommune",
            )

    def check_row(self, sheet: Sheet, row: Row) -> None:
        """A row that is not built (its id is wrong) still has its other cells checked."""
        scratch, self.g = self.g, Graph()
        try:
            self.add_row(sheet, row, rid="x")
        finally:
            self.g = scratch

    def add_row(self, sheet: Sheet, row: Row, rid: str | None = None) -> None:
        checking_only = rid is not None
        node = thing(self.k, sheet.kind, rid or str(row.values["id"]).strip())
        g = self.g
        g.add((node, RDF.type, EA[sheet.rdf_class]))
        g.add((node, EA.inventoryOf, kommune(self.k)))
        for col in sheet.columns:
            raw_value = row.values.get(col.name)
            try:
                values = _values(col, raw_value)
            except ValueError as exc:
                hint = exc.args[1] if len(exc.args) > 1 and exc.args[0] != "takes one value, not a list" else \
                    _one_value_hint(col, raw_value)
                self.fail(row, col.name, exc.args[0], hint, value=raw_value, code="one-value")
                continue
            if not values:
                if col.required and not (checking_only and col.kind == "id"):  # a missing id is reported by collect_ids
                    self.fail(row, col.name, msg(f"the cell is empty, but '{col.name}' is required",
                                                 f"cellen er tom, men '{col.name}' er påkrevd"),
                              msg("fill in the cell", "fyll ut cellen"), code="required")
                continue
            for v in values:
                for obj in self.objects(col, v, row):
                    g.add((node, col.predicate, obj))
        if sheet.name == "systems" and row.values.get("name") not in (None, ""):
            g.add((node, RDFS.label, Literal(str(row.values["name"]).strip())))

    # -- value conversion (dispatch by column kind) -------------------------------------------
    def objects(self, col: Column, v: object, row: Row) -> Iterable:
        try:
            return getattr(self, f"_kind_{col.kind}")(col, v, row)
        except ValueError as exc:
            problem, *hint = exc.args
            self.fail(row, col.name, problem, hint[0] if hint else None, value=v, code=f"bad-{col.kind}")
            return []

    def _kind_id(self, col, v, row):
        return [Literal(str(v).strip())]

    def _kind_text(self, col, v, row):
        return [Literal(str(v).strip())]

    def _kind_url(self, col, v, row):
        s = str(v).strip()
        if not s.startswith(("http://", "https://")):
            raise ValueError(msg(f"'{s}' is not a web address", f"'{s}' er ikke en nettadresse"),
                             msg("write the full address, starting with https://", "skriv hele adressen, med https:// først"))
        return [Literal(s, datatype=XSD.anyURI)]

    def _kind_bool(self, col, v, row):
        return [Literal(_bool(v))]

    def _kind_date(self, col, v, row):
        return [Literal(_date(v), datatype=XSD.date)]

    def _kind_amount(self, col, v, row):
        return [Literal(_amount(v), datatype=XSD.decimal)]

    def _kind_concept(self, col, v, row):
        allowed = catalog.scheme_notations(col.scheme)
        names = aliases.value_names(col.scheme)
        s = str(v).strip()
        notation = names.get(s)
        if notation is None:
            hint = _suggest(col, s, names.get, lambda x: names.suggest(x))
            listed, quoted = ", ".join(allowed), ", ".join(f"'{a}'" for a in allowed)  # values in quotes in bokmål
            raise ValueError(msg(f"'{s}' is not an allowed value of '{col.name}'",
                                 f"'{s}' er ikke en tillatt verdi for '{col.name}'"),
                             _then(hint, "allowed: " + listed, "tillatt: " + quoted))
        return [allowed[notation]]

    def _standard(self, s: str):
        return self.standards.get(s) or self.standards.get(s.lower())

    def _kind_standard(self, col, v, row):
        s = str(v).strip()
        std = self._standard(s)
        if std is None:
            hint = _suggest(col, s, self._standard, lambda x: _near_id(x, self.standards))
            raise ValueError(msg(f"'{s}' is not a standard in the catalogue", f"'{s}' er ikke en standard i katalogen"),
                             _then(hint, "`ea-repo catalog standards` lists them", "`ea-repo catalog standards` viser dem"))
        return [std]

    def _kind_vendor(self, col, v, row):
        name = str(v).strip()
        iri = vendor(name)
        self.g.add((iri, RDF.type, EA.Vendor))
        self.g.add((iri, EA.name, Literal(name)))
        return [iri]

    def _kind_org(self, col, v, row):
        name = str(v).strip()
        iri = organisation(name)
        self.g.add((iri, RDF.type, EA.InterMunicipalOrganisation))
        self.g.add((iri, EA.name, Literal(name)))
        self.g.add((iri, EA.member, kommune(self.k)))
        return [iri]

    def _kind_kommune(self, col, v, row):
        code = str(v).strip().zfill(4)
        if code not in self.kommuner:
            near = kommune_suggestions(str(v), self.kommuner)
            raise ValueError(msg(f"'{v}' is not a kommunenummer in the catalogue", f"'{v}' er ikke et kommunenummer i katalogen"),
                             _then(near, "Write the four-digit kommunenummer valid today.",
                                   "Skriv det firesifrede kommunenummeret som gjelder i dag."))
        return [kommune(code)]

    def _ref(self, sheet: str, kind: str, v, what: str):
        s = str(v).strip()
        if s in self.ids.get(sheet, {}) or s in self.known.get(sheet, ()) or (sheet in self.unread and ID_PATTERN.match(s)):
            return thing(self.k, kind, s)
        return None

    def _kind_system(self, col, v, row):
        ref = self._ref("systems", "system", v, "system")
        if ref is None:
            near = _near_id(str(v), self.ids.get("systems", {}))
            raise ValueError(msg(f"'{v}' is not the id of a system in this inventory",
                                 f"'{v}' er ikke id-en til et system i denne systemoversikten"),
                             _then(near, "use an id from the systems sheet", "bruk en id fra arket systems"))
        return [ref]

    def _kind_interface(self, col, v, row):
        ref = self._ref("interfaces", "interface", v, "interface")
        if ref is None:
            near = _near_id(str(v), self.ids.get("interfaces", {}))
            raise ValueError(msg(f"'{v}' is not the id of an interface in this inventory",
                                 f"'{v}' er ikke id-en til et grensesnitt i denne systemoversikten"),
                             _then(near, "use an id from the interfaces sheet", "bruk en id fra arket interfaces"))
        return [ref]

    def _node(self, v: str):
        return self._ref("systems", "system", v, "system") or self.components.get(str(v).strip())

    def _kind_node(self, col, v, row):
        ref = self._node(v)
        if ref is not None:
            return [ref]
        s = str(v).strip()
        if s[:8].lower() == PARTNER_PREFIX:
            return [self._partner(s)]
        shared = self._shared(s)
        if shared is not None:
            return [shared]
        if s in self.partners:
            raise ValueError(msg(f"'{s}' is neither a system in this inventory nor a national component",
                                 f"'{s}' er verken et system i denne systemoversikten eller en nasjonal fellesløsning"),
                             msg(f"an external partner's system is written with its prefix: 'partner:{s}'",
                                 f"et system hos en ekstern partner skrives med prefikset: 'partner:{s}'"))
        hint = _suggest(col, s, self._node,
                        lambda x: _near_id(x, {**dict.fromkeys(self.known.get("systems", ())),
                                               **self.ids.get("systems", {}), **self.components}))
        raise ValueError(
            msg(f"'{v}' is neither a system in this inventory nor a national component",
                f"'{v}' er verken et system i denne systemoversikten eller en nasjonal fellesløsning"),
            _then(hint, "use a system id, a component id (`ea-repo catalog components`) "
                  "or partner:<id> for an external partner's system (`ea-repo catalog partners`)",
                  "bruk en system-id, id-en til en fellesløsning (`ea-repo catalog components`) "
                  "eller partner:<id> for et system hos en ekstern partner (`ea-repo catalog partners`)"),
        )

    def _shared(self, s: str) -> URIRef | None:
        """A shared installation named "coop-id:system-id" (it lives in the co-operation's own inventory)."""
        from ..namespaces import SHARED_REF, shared_system

        m = SHARED_REF.match(s)
        if m is None:
            return None
        if self.shared is None:
            return shared_system(m[1], m[2])
        if s in self.shared:
            return self.shared[s]
        near = _near_id(s, self.shared)
        raise ValueError(
            msg(f"'{s}' is not a shared installation of a co-operation kommune {self.k} is a member of",
                f"'{s}' er ikke en felles installasjon i et samarbeid som kommune {self.k} er medlem av"),
            _then(near, "import the co-operation's inventory first (`ea-repo import FILE --cooperation ID`) and check that the "
                  "kommune is among its members (`ea-repo cooperation list`)",
                  "importer systemoversikten til samarbeidet først (`ea-repo import FILE --cooperation ID`) og sjekk at "
                  "kommunen er blant medlemmene (`ea-repo cooperation list`)"),
        )

    def _partner(self, s: str):
        pid = s[len(PARTNER_PREFIX):].strip()
        found = self.partners.get(pid) or self.partners.get(pid.lower())
        if found is None:
            near = _nearest(pid, self.partners)
            raise ValueError(msg(f"'{s}' is not an external partner's system in the catalogue",
                                 f"'{s}' er ikke et system hos en ekstern partner i katalogen"),
                             _then(msg(f"did you mean 'partner:{near}'?", f"mente du 'partner:{near}'?") if near else None,
                                   "`ea-repo catalog partners` lists them", "`ea-repo catalog partners` viser dem"))
        return found


PARTNER_PREFIX = "partner:"  # system ids cannot contain ':', so a partner reference never clashes with one


def _nearest(s: str, options) -> str | None:
    import difflib

    m = difflib.get_close_matches(s, sorted(options), n=1, cutoff=0.6)
    return m[0] if m else None


# --- hints -----------------------------------------------------------------------------------------


def _then(first: Msg | None, en: str, nb: str) -> Msg:
    """A hint FIRST (when there is one), then EN / NB after a space, in English and bokmål."""
    if not first:
        return msg(en, nb)
    return msg(f"{first} {en}", f"{text(first, 'nb')} {nb}")


_SEPARATORS = re.compile(r"\s*[,|]\s*|\s+(?:og|and|&|\+)\s+")


def _suggest(col: Column, s: str, resolve, near) -> Msg | None:
    """What to write instead of an unknown value: ';' between values when the value is several known
    values joined by a comma (or 'og', '|'); else the nearest known value (case, accents and separators
    ignored). `near(s)` returns a hint or a list of names."""
    for splitter in (_SEPARATORS, re.compile(r"\s+")):
        parts = [p for p in splitter.split(s) if p]
        if len(parts) > 1 and all(resolve(p) is not None for p in parts):
            if col.multi:
                return msg(f"use ; between values: '{'; '.join(parts)}'.", f"bruk ; mellom verdiene: '{'; '.join(parts)}'.")
            quoted = ", ".join(f"'{p}'" for p in parts)
            return msg(f"'{col.name}' takes one value, not {len(parts)}: keep one of " + quoted + ".",
                       f"'{col.name}' tar én verdi, ikke {len(parts)}: behold én av " + quoted + ".")
    found = near(s)
    if isinstance(found, list):
        return msg(f"did you mean '{found[0]}'?", f"mente du '{found[0]}'?") if found else None
    return found


def _near_id(s: str, ids) -> Msg | None:
    """'did you mean …?' for an id: one that differs only in case, accents or separators, else the nearest."""
    import difflib

    k = aliases.key(s)
    same = sorted(i for i in ids if aliases.key(i) == k)
    if same:
        return msg(f"did you mean '{same[0]}'? ids are case-sensitive.",
                   f"mente du '{same[0]}'? id-er skiller mellom store og små bokstaver.")
    m = difflib.get_close_matches(s, list(ids), n=1, cutoff=0.6) or difflib.get_close_matches(
        s.lower(), list(ids), n=1, cutoff=0.6)
    return msg(f"did you mean '{m[0]}'?", f"mente du '{m[0]}'?") if m else None


def _id_hint(rid: str) -> Msg:
    ascii_id = re.sub(r"[^A-Za-z0-9._-]+", "-", aliases.fold(rid)).strip("-._")
    rule = ("use ASCII letters (a–z, A–Z), digits, '.', '-' and '_' only, starting with a letter or digit "
            "(æ, ø, å and spaces are not allowed in ids; the name column may hold any text)")
    rule_nb = ("bruk bare ASCII-bokstaver (a–z, A–Z), sifre, '.', '-' og '_', og begynn med en bokstav eller et siffer "
               "(æ, ø, å og mellomrom er ikke tillatt i id-er; navnekolonnen kan inneholde hvilken som helst tekst)")
    example = ascii_id and ID_PATTERN.match(ascii_id)
    return msg(rule + (f"; e.g. '{ascii_id}'" if example else ""), rule_nb + (f"; f.eks. '{ascii_id}'" if example else ""))


def _one_value_hint(col: Column, raw: object) -> Msg:
    return msg(f"'{col.name}' takes one value", f"'{col.name}' tar én verdi")


def kommune_suggestions(raw: str, valid: dict[str, str], limit: int = 5) -> Msg | None:
    """Kommuner a mistyped kommunenummer or name may have meant: by prefix for too few digits
    ('463' -> 4630 Osterøy, 4631 Alver …), nearest in the same county for four digits, by name else."""
    import difflib

    s = str(raw).strip()

    def show(codes):
        return ", ".join(f"{c} {valid[c]}" for c in codes[:limit]) + (" …" if len(codes) > limit else "")

    def meant(codes) -> Msg:
        return msg("did you mean " + show(codes) + "?", "mente du " + show(codes) + "?")

    if s.isdigit():
        if len(s) < 4:
            pre = sorted(c for c in valid if c.startswith(s))
            if pre:
                return meant(pre)
            return msg("a kommunenummer has four digits (two for the county, then two), e.g. 4631 Alver",
                       "et kommunenummer har fire sifre (to for fylket, så to), f.eks. 4631 Alver")
        if len(s) == 4:
            county = [c for c in valid if c[:2] == s[:2]]
            if not county and s.startswith("0"):  # '0463': a number padded with a zero ('463')
                pre = sorted(c for c in valid if c.startswith(s.lstrip("0")))
                if pre:
                    return meant(pre)
            near = sorted(county or list(valid), key=lambda c: (abs(int(c) - int(s)), c))[:3]
            return msg("nearest valid: " + show(near), "nærmeste gyldige: " + show(near))
        pre = sorted(c for c in valid if s.startswith(c))
        return meant(pre) if pre else msg("a kommunenummer has four digits", "et kommunenummer har fire sifre")
    by_name: dict[str, list[str]] = {}
    for c, n in valid.items():
        by_name.setdefault(aliases.key(n), []).append(c)
    k = aliases.key(s)
    hits = sorted(by_name.get(k, [])) or sorted(c for n, cs in by_name.items() if k and n.startswith(k) for c in cs)
    if not hits:
        hits = sorted(c for n in difflib.get_close_matches(k, list(by_name), n=3, cutoff=0.7) for c in by_name[n])
    if hits:
        return msg("give the number: " + show(hits), "oppgi nummeret: " + show(hits))
    return msg("a kommunenummer has four digits, e.g. 4631 Alver (`ea-repo catalog kommuner` lists them)",
               "et kommunenummer har fire sifre, f.eks. 4631 Alver (`ea-repo catalog kommuner` viser dem)")


def build_inventory(raw: RawInventory, kommunenummer: str, known: dict[str, set[str]] | None = None,
                    shared: dict[str, URIRef] | None = None) -> Graph:
    """`known`: ids of rows already stored (sheet -> ids) that references may name, when merging.
    `shared`: the co-operations' shared installations the kommune may name ("coop-id:system-id")."""
    return _Builder(raw, kommunenummer, known, shared).build()


def row_count(raw: RawInventory) -> int:
    return sum(len(rows) for name, rows in raw.sheets.items())
