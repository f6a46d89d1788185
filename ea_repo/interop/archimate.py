"""The Open Group ArchiMate Model Exchange File Format (3.x): a streaming reader and a writer.

The reader walks the file once with lxml's iterparse, clearing each element, relationship and view
once it is read, so a large model is never held twice; every concept keeps its line (sourceline)
for error messages.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..i18n import msg
from .model import REL_ATTRS, Concept, Folder, LangText, Model, Prop

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI_TYPE = f"{{{XSI}}}type"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"


def _etree():
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml ships with the test extra and every Linux distribution
        raise InputError(
            msg("reading ArchiMate files needs the Python package lxml", "for å lese ArchiMate-filer trengs Python-pakken lxml"),
            hint=msg("pip install lxml", "pip install lxml"),
        ) from None
    return etree


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_LANG_TAG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*\Z")  # what an RDF literal takes as a language (BCP 47's shape)


def _lang(el, file: str) -> str | None:
    """The element's xml:lang, or None; a value that is no language tag ('en ', 'n b') is a located error."""
    lang = el.get(XML_LANG)
    if lang is None or lang == "":
        return None
    if not _LANG_TAG.match(lang):
        raise InputError(msg(f"xml:lang '{lang}' on <{_local(el.tag)}> is not a language tag",
                             f"xml:lang '{lang}' på <{_local(el.tag)}> er ingen språkkode"),
                         file=file, line=el.sourceline, value=lang,
                         hint=msg("write a tag such as nb, nn or en (no spaces)", "skriv en kode som nb, nn eller en (uten mellomrom)"))
    return lang


def _texts(el, tag: str, file: str) -> list[LangText]:
    return [(c.text or "", _lang(c, file)) for c in el.iterchildren(q(tag))]


def _props(el, file: str) -> list[Prop]:
    out = []
    for ps in el.iterchildren(q("properties")):
        for p in ps.iterchildren(q("property")):
            out.append(Prop(None, p.get("propertyDefinitionRef"), _texts(p, "value", file), p.sourceline))
    return out


def _type(el) -> str:
    return (el.get(XSI_TYPE) or "").rsplit(":", 1)[-1]


def _concept(el, file: str) -> Concept:
    ident = el.get("identifier")
    if not ident:
        raise InputError(
            msg(f"a <{_local(el.tag)}> has no identifier", f"en <{_local(el.tag)}> mangler identifikator"),
            file=file,
            line=el.sourceline,
            hint=msg("every element, relationship and view needs an identifier attribute",
                     "hvert element, hver relasjon og hver visning trenger attributtet identifier"),
        )
    return Concept(
        ident, _type(el), _texts(el, "name", file), _texts(el, "documentation", file), _props(el, file), line=el.sourceline
    )


def _check_root(root, file: str) -> None:
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns == NS and _local(root.tag) == "model":
        return
    m = re.match(r"^https?://www\.opengroup\.org/xsd/archimate(?:/([\d.]+))?/?$", ns)
    if m:
        raise InputError(
            msg(f"this is ArchiMate exchange format version {m.group(1) or '2.x'}, which is not supported",
                f"dette er utvekslingsformatet for ArchiMate i versjon {m.group(1) or '2.x'}, som ikke støttes"),
            file=file,
            line=root.sourceline,
            element=_local(root.tag),
            hint=msg(f"export the model as ArchiMate 3.x Open Exchange Format (namespace {NS})",
                     f"eksporter modellen som ArchiMate 3.x Open Exchange Format (navnerom {NS})"),
        )
    raise InputError(
        msg(f"unknown XML namespace '{ns or '(none)'}' on <{_local(root.tag)}>; this is not an ArchiMate exchange file",
            f"ukjent XML-navnerom '{ns or '(ingen)'}' på <{_local(root.tag)}>; dette er ikke en ArchiMate-utvekslingsfil"),
        file=file,
        line=root.sourceline,
        element=_local(root.tag),
        hint=msg(f'expected <model xmlns="{NS}"> (File > Export > Model to Open Exchange File in Archi)',
                 f'forventet <model xmlns="{NS}"> (File > Export > Model to Open Exchange File i Archi)'),
    )


def _folders(org, m: Model, counters: dict) -> None:
    def walk(item, parent):
        for child in item.iterchildren(q("item")):
            ref = child.get("identifierRef")
            if ref:
                if parent is not None:
                    m.folders[parent].members.append(ref)
                continue
            pos = counters.get(parent, 0)
            counters[parent] = pos + 1
            m.folders.append(
                Folder(
                    child.get("identifier"),
                    _texts(child, "label", m.file),
                    _texts(child, "documentation", m.file),
                    parent,
                    pos,
                    line=child.sourceline,
                )
            )
            walk(child, len(m.folders) - 1)

    walk(org, None)


def _c14n(etree, el) -> str:
    """Views and metadata are kept verbatim, in exclusive canonical XML so they compare equal after a round trip."""
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False).decode("utf-8")


def read_archimate(path: Path) -> Model:
    etree = _etree()
    file = str(path)
    if not path.exists():
        raise InputError(msg("file not found", "fant ikke filen"), file=file, hint=msg("check the path", "sjekk stien"))
    if path.stat().st_size == 0:
        raise InputError(msg("the file is empty", "filen er tom"), file=file)
    m = Model(file=file)
    counters: dict = {}
    root = None
    try:
        for ev, el in etree.iterparse(
            file,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
            remove_comments=True,
            remove_pis=True,
        ):
            if ev == "start":
                if root is None:
                    root = el
                    _check_root(root, file)
                    m.id = el.get("identifier") or ""
                    m.attrs = {k: v for k, v in el.attrib.items() if k == "version"}
                continue
            parent = el.getparent()
            if parent is None:
                continue
            tag, ptag = _local(el.tag), _local(parent.tag)
            done = True
            if tag == "element" and ptag == "elements":
                m.elements.append(_concept(el, file))
            elif tag == "relationship" and ptag == "relationships":
                c = _concept(el, file)
                c.source, c.target = el.get("source"), el.get("target")
                for attr, (_, rtype, default) in REL_ATTRS.items():
                    v = el.get(attr, default if c.type == rtype else None)
                    if v is not None:
                        c.attrs[attr] = v
                m.relationships.append(c)
            elif tag == "propertyDefinition":
                c = _concept(el, file)
                c.type = el.get("type") or "string"
                m.propdefs.append(c)
            elif tag == "view" and ptag == "diagrams":
                c = _concept(el, file)
                c.type = _type(el) or "Diagram"
                c.xml = _c14n(etree, el)
                m.views.append(c)
            elif parent is root and tag == "organizations":
                _folders(el, m, counters)
            elif parent is root and tag in ("name", "documentation"):
                (m.names if tag == "name" else m.docs).append((el.text or "", _lang(el, file)))
            elif parent is root and tag == "properties":
                m.props = _props(parent, file)
            elif parent is root and tag == "metadata":
                m.metadata = _c14n(etree, el)
            else:
                done = False
            if done:  # free what has been read: the element and its earlier siblings
                el.clear(keep_tail=False)
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise InputError(
            msg(f"malformed XML: {exc.msg}", f"feil i XML-en: {exc.msg}"),
            file=file,
            line=exc.lineno,
            hint=msg("the file is not well-formed XML; export it again from the modelling tool",
                     "filen er ikke velformet XML; eksporter den på nytt fra modelleringsverktøyet"),
        ) from None
    if root is None:
        raise InputError(msg("no XML content", "ikke noe XML-innhold"), file=file)
    return m


# --- writer -------------------------------------------------------------------------------------


def write_archimate(m: Model) -> bytes:
    etree = _etree()

    def sub(parent, tag, **attrs):
        el = etree.SubElement(parent, q(tag))
        for k, v in attrs.items():
            el.set(XSI_TYPE if k == "xsi_type" else k, v)
        return el

    def texts(parent, tag, values):
        for text, lang in values:
            el = sub(parent, tag)
            el.text = text
            if lang:
                el.set(XML_LANG, lang)

    def props(parent, values):
        if values:
            ps = sub(parent, "properties")
            for p in values:
                pe = sub(ps, "property", propertyDefinitionRef=p.ref)
                texts(pe, "value", p.values or [("", None)])

    def concept(parent, tag, c: Concept, **attrs):
        el = sub(parent, tag, identifier=c.id, xsi_type=c.type, **attrs)
        texts(el, "name", c.names)
        texts(el, "documentation", c.docs)
        props(
            el,
            c.props
            + (
                [Prop("Specialization", _spec_def(m), [(m.specializations[c.id], None)])]
                if c.id in m.specializations
                else []
            ),
        )
        return el

    root = etree.Element(q("model"), nsmap={None: NS, "xsi": XSI, "dc": DC})
    root.set("identifier", m.id)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    for k, v in m.attrs.items():
        root.set(k, v)
    texts(root, "name", m.names or [("Model", None)])
    texts(root, "documentation", m.docs)
    props(root, m.props)
    if m.metadata:
        root.append(etree.fromstring(m.metadata))
    if m.elements:
        els = sub(root, "elements")
        for c in m.elements:
            concept(els, "element", c)
    if m.relationships:
        rels = sub(root, "relationships")
        for c in m.relationships:
            concept(rels, "relationship", c, source=c.source, target=c.target, **c.attrs)
    if m.folders:
        org = sub(root, "organizations")
        items = []
        for f in m.folders:
            item = sub(items[f.parent] if f.parent is not None else org, "item")
            if f.id:
                item.set("identifier", f.id)
            texts(item, "label", f.names)
            texts(item, "documentation", f.docs)
            items.append(item)
        for f, item in zip(m.folders, items, strict=True):  # concept references come after sub-folders
            for ref in f.members:
                sub(item, "item", identifierRef=ref)
    if m.propdefs:
        pds = sub(root, "propertyDefinitions")
        for d in m.propdefs:
            pd = sub(pds, "propertyDefinition", identifier=d.id, type=d.type)
            texts(pd, "name", d.names or [(d.id, None)])
    if m.views:
        diagrams = sub(sub(root, "views"), "diagrams")
        for v in m.views:
            diagrams.append(etree.fromstring(v.xml))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _spec_def(m: Model) -> str:
    d = next((d for d in m.propdefs if any(t == "Specialization" for t, _ in d.names)), None)
    if d is None:
        d = Concept("propid-specialization", "string", [("Specialization", None)])
        m.propdefs.append(d)
    return d.id
