"""Interoperability: ArchiMate exchange files and Archi CSV in and out, DCAT-AP-NO out (issue #9)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, RDFS

from ea_repo.interop import EXPORTERS, load_interop
from ea_repo.interop.model import ELEMENT_MAP, from_graph
from ea_repo.inventory import load_files
from ea_repo.namespaces import COMPONENT, EA, VOCAB, thing
from ea_repo.store import Repository

from conftest import DATA, snapshot

AM = DATA / "archimate"
MODEL = AM / "kommune-model.xml"
XSD = AM / "xsd"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "archimate"
REAL = [("archi-testdata-archisurance.xml", 122, 179, 18, 6), ("sparx-ea-aoeff_3_0.xml", 97, 45, 4, 0)]
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the real exchange files are not present in {SHARED}"
)


@pytest.fixture(scope="module")
def schema():
    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(XSD / "xml.xsd"), context)
            return None

    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="http://www.opengroup.org/xsd/archimate/3.0/" schemaLocation="{(XSD / "archimate3_Diagram.xsd").as_uri()}"/>'
        f'<xs:import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="{(XSD / "dc.xsd").as_uri()}"/>'
        "</xs:schema>"
    )
    return etree.XMLSchema(etree.fromstring(wrapper, parser))


def _valid(schema, data: bytes | str) -> None:
    doc = etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    assert schema.validate(doc), schema.error_log


def _load(path: Path, k: str = "4631") -> Graph:
    return load_files([path], k).graph


def _count(g: Graph, *classes) -> int:
    return len({s for c in classes for s in g.subjects(RDF.type, c)})


def _xml_roundtrip(g: Graph, tmp_path: Path, k: str = "4631") -> Graph:
    out = tmp_path / "export.xml"
    out.write_text(EXPORTERS["archimate"](g, k), encoding="utf-8")
    return _load(out, k)


# --- our own exchange file: every mapped type ----------------------------------------------------


def test_own_model_is_schema_valid(schema):
    _valid(schema, MODEL.read_bytes())


def test_mapping_lands_on_the_ontology():
    g = _load(MODEL)
    sak, oko = thing("4631", "system", "sak"), thing("4631", "system", "okonomi")
    assert {str(o) for o in g.objects(sak, EA.name)} == {
        "Sak/arkiv",
        "Sak/arkiv (nynorsk)",
        "Case management",
    }
    assert Literal("Case management", lang="en") in set(g.objects(sak, EA.name))
    assert str(g.value(sak, EA.id)) == "sak"
    assert str(g.value(sak, RDFS.label)) == "Sak/arkiv"  # the nb name
    assert g.value(sak, EA.lifecycle) == VOCAB["lifecycle/production"]
    assert g.value(sak, EA.category) == VOCAB["category/sak-arkiv"]
    assert g.value(sak, EA.personalData).toPython() is True
    assert str(g.value(g.value(sak, EA.vendor), EA.name)) == "Tieto"
    # an unmapped property keeps key and all its language values
    (p,) = list(g.objects(sak, EA.property))
    assert str(g.value(p, EA.key)) == "Kontaktperson" and len(set(g.objects(p, EA.value))) == 2
    # the property 'id' names the row; the ArchiMate identifier is kept
    assert (
        str(g.value(oko, EA.archimateIdentifier)) == "id-økonomi"
        and g.value(oko, EA.hosting) == VOCAB["hosting/saas"]
    )
    # an identifier outside the id pattern maps deterministically
    soknad = next(g.subjects(EA.archimateIdentifier, Literal("id-Søknad")))
    assert str(g.value(soknad, EA.id)).startswith("id-S-knad-")
    # interface: providedBy from the Composition, columns from properties
    api = thing("4631", "interface", "sak-api")
    assert g.value(api, EA.providedBy) == sak and g.value(api, EA.protocol) == VOCAB["protocol/rest"]
    # Flow / Serving / Triggering between applications -> integrations; ID-porten -> the national component
    integ = {str(g.value(s, EA.archimateType)): s for s in g.subjects(RDF.type, EA.Integration)}
    assert set(integ) == {"Flow", "Serving", "Triggering"} and _count(g, EA.Integration) == 4
    flow = thing("4631", "integration", "flow-okonomi-sak")
    assert (g.value(flow, EA.provider), g.value(flow, EA.consumer)) == (oko, sak)
    assert g.value(flow, EA.mode) == VOCAB["mode/file-transfer"]
    assert g.value(thing("4631", "integration", "login"), EA.provider) == COMPONENT["id-porten"]
    # data object, hosting, every other element kept with its type
    assert _count(g, EA.DataObject) == 1 and _count(g, EA.HostingElement) == 3
    assert {str(g.value(s, EA.hostedOn).split("/")[-1]) for s in (sak, oko)} == {"server", "os"}
    types = {
        str(t) for s in g.subjects(RDF.type, EA.ArchimateElement) for t in g.objects(s, EA.archimateType)
    }
    assert {"BusinessActor", "BusinessProcess", "AndJunction", "Grouping", "Node", "DataObject"} <= types
    assert set(ELEMENT_MAP) <= types | {"ApplicationComponent", "ApplicationInterface"}
    rel = {str(g.value(s, EA.archimateIdentifier)): s for s in g.subjects(RDF.type, EA.ArchimateRelationship)}
    assert (
        g.value(rel["assoc"], EA.isDirected).toPython() is True
        and str(g.value(rel["infl"], EA.modifier)) == "++"
    )
    assert str(g.value(rel["acc-2"], EA.accessType)) == "Write"  # the schema default
    assert g.value(rel["rel-on-rel"], EA.target) == flow  # a relationship to a relationship
    # nested organisations, views, property definitions, model info
    core = next(g.subjects(EA.archimateIdentifier, Literal("folder-core")))
    assert g.value(core, EA.parentFolder) is not None and (sak, EA.folder, core) in g
    assert _count(g, EA.View) == 1 and "Application Cooperation" in str(
        g.value(next(g.subjects(RDF.type, EA.View)), EA.viewXml)
    )
    assert _count(g, EA.PropertyDefinition) == 12
    info = next(g.subjects(RDF.type, EA.ModelInfo))
    assert (
        "Alver testmodell" in str(g.value(info, EA.metadataXml)) and str(g.value(info, EA.version)) == "2.1"
    )


def test_round_trip_xml_and_csv(tmp_path, schema):
    g1 = _load(MODEL)
    text = EXPORTERS["archimate"](g1, "4631")
    _valid(schema, text)
    assert isomorphic(g1, _xml_roundtrip(g1, tmp_path))
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    for name, body in EXPORTERS["archi-csv"](g1, "4631").items():
        (csv_dir / f"alver-{name}").write_text(body, encoding="utf-8")
    g2 = _load(csv_dir)
    csv_dir2 = tmp_path / "csv2"
    csv_dir2.mkdir()
    for name, body in EXPORTERS["archi-csv"](g2, "4631").items():
        (csv_dir2 / name).write_text(body, encoding="utf-8")
    assert isomorphic(g2, _load(csv_dir2))
    # CSV carries elements, relationships and properties; it has no views, folders or other languages
    for cls in (EA.System, EA.Interface, EA.Integration, EA.ArchimateElement, EA.ArchimateRelationship):
        assert _count(g1, cls) == _count(g2, cls)
    assert len(list(g1.objects(None, EA.property))) == len(list(g2.objects(None, EA.property)))
    assert _count(g2, EA.View) == 0


def test_tabular_inventory_exports_to_valid_archimate(mini, tmp_path, schema):
    g = load_files([mini], "4631").graph
    text = EXPORTERS["archimate"](g, "4631")
    _valid(schema, text)
    g2 = _xml_roundtrip(g, tmp_path)
    for cls in (EA.System, EA.Interface, EA.Integration):
        assert {str(o) for s in g.subjects(RDF.type, cls) for o in g.objects(s, EA.id)} == {
            str(o) for s in g2.subjects(RDF.type, cls) for o in g2.objects(s, EA.id)
        }
    for s in g.subjects(
        RDF.type, EA.Integration
    ):  # providers and consumers (incl. national components) survive
        s2 = thing("4631", "integration", str(g.value(s, EA.id)))
        assert (g.value(s, EA.provider), g.value(s, EA.consumer)) == (
            g2.value(s2, EA.provider),
            g2.value(s2, EA.consumer),
        )
    for s in g.subjects(RDF.type, EA.System):
        assert set(g.objects(s, EA.lifecycle)) == set(g2.objects(s, EA.lifecycle))
        assert set(g.objects(s, EA.supportsStandard)) == set(g2.objects(s, EA.supportsStandard))


# --- the two real exchange files ------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("name,elements,relationships,views,propdefs", REAL, ids=[r[0] for r in REAL])
def test_real_exchange_files(
    name, elements, relationships, views, propdefs, tmp_path, schema, run, repo_path
):
    src = SHARED / name
    run("import", src, "--kommune", "4631")
    repo = Repository(repo_path, read_only=True)
    g1 = repo.inventory("4631")
    (rec,) = repo.imports("4631")
    repo.close()
    assert rec.fmt == "archimate" and rec.rows == elements + relationships + views
    assert _count(g1, EA.System, EA.Interface, EA.ArchimateElement) == elements
    assert _count(g1, EA.Integration, EA.ArchimateRelationship) == relationships
    assert _count(g1, EA.View) == views and _count(g1, EA.PropertyDefinition) == propdefs
    src_props = (
        etree.parse(str(src)).getroot().findall(".//{http://www.opengroup.org/xsd/archimate/3.0/}property")
    )
    assert len(list(g1.objects(None, EA.property))) == len(src_props)
    out = tmp_path / "out.xml"
    run("export", "--kommune", "4631", "--format", "archimate", "--out", out)
    _valid(schema, out.read_bytes())
    run("import", out, "--kommune", "4631")
    repo = Repository(repo_path, read_only=True)
    g2 = repo.inventory("4631")
    repo.close()
    assert isomorphic(g1, g2)
    zipped = tmp_path / "model.zip"
    run("export", "--kommune", "4631", "--format", "archi-csv", "--out", zipped)
    assert sorted(zipfile.ZipFile(zipped).namelist()) == ["elements.csv", "properties.csv", "relations.csv"]
    g3 = _load(zipped)
    assert _count(g3, EA.System, EA.Interface, EA.ArchimateElement) == elements
    assert _count(g3, EA.Integration, EA.ArchimateRelationship) == relationships


@needs_shared
def test_sparx_windows_1252_declaration_is_read():
    g = _load(SHARED / "sparx-ea-aoeff_3_0.xml")
    assert _count(g, EA.Interface) == 1
    m = from_graph(g, "4631")
    assert m.id.startswith("EAPK_") and len(m.views) == 4


def test_windows_1252_names_survive(tmp_path):
    text = (
        MODEL.read_text(encoding="utf-8")
        .replace('encoding="UTF-8"', 'encoding="windows-1252"')
        .replace("–", "-")
    )
    f = tmp_path / "cp1252.xml"
    f.write_bytes(text.encode("cp1252"))
    g = _load(f)
    assert Literal("Økonomi", lang="nb") in set(g.objects(thing("4631", "system", "okonomi"), EA.name))
    assert isomorphic(g, _xml_roundtrip(g, tmp_path))


# --- DCAT-AP-NO ---------------------------------------------------------------------------------


def test_dcat_export_is_valid_dcat_ap_no(run, tmp_path):
    from pyshacl import validate

    run("import", MODEL, "--kommune", "4631")
    text = run("export", "--kommune", "4631", "--format", "dcat").output
    data = Graph().parse(data=text, format="turtle")
    services = set(data.subjects(RDF.type, DCAT.DataService))
    datasets = set(data.subjects(RDF.type, DCAT.Dataset))
    assert [str(s).rsplit("/", 1)[-1] for s in services] == ["sak-api"]
    assert [str(s).rsplit("/", 1)[-1] for s in datasets] == ["do-sak"]  # accessed by two systems: shared
    conforms, _, report = validate(data, shacl_graph=Graph().parse(AM / "dcat-ap-no-mandatory.ttl"))
    assert conforms, report
    broken = Graph().parse(data=text, format="turtle")
    broken.remove((None, DCAT.endpointURL, None))
    assert not validate(broken, shacl_graph=Graph().parse(AM / "dcat-ap-no-mandatory.ttl"))[0]


def test_dcat_leaves_out_interfaces_without_url(run, mini):
    run("import", mini, "--kommune", "4631")
    text = run("export", "--kommune", "4631", "--format", "dcat").output
    assert "dcat:Catalog" in text and "Alver kommune" in text


def test_archi_csv_needs_out(run, mini):
    run("import", mini, "--kommune", "4631")
    assert "--out" in run("export", "--kommune", "4631", "--format", "archi-csv", expect=2).output


# --- bad input: located, exit 2, repository unchanged --------------------------------------------


def _bad(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BAD = {
    "malformed": (
        lambda t: _bad(t, "<name>Linux</name>", "<name>Linux</nam>"),
        ["malformed XML", "line {Linux}"],
    ),
    "namespace": (
        lambda t: _bad(t, 'xmlns="http://www.opengroup.org/xsd/archimate/3.0/"', 'xmlns="urn:x"'),
        ["unknown XML namespace 'urn:x'"],
    ),
    "version": (
        lambda t: _bad(
            t,
            'xmlns="http://www.opengroup.org/xsd/archimate/3.0/"',
            'xmlns="http://www.opengroup.org/xsd/archimate"',
        ),
        ["version 2.x", "not supported"],
    ),
    "dangling": (
        lambda t: _bad(t, 'source="proc" target="junction"', 'source="proc" target="nowhere"'),
        ["element 'infl'", "'nowhere'", 'line {identifier="infl"}'],
    ),
    "duplicate": (
        lambda t: _bad(t, 'identifier="os"', 'identifier="server"'),
        [
            "duplicate identifier 'server'",
            "element 'server'",
            'line {identifier="server" xsi:type="SystemSoftware"}',
        ],
    ),
    "bad value": (
        lambda t: _bad(t, "<value>production</value>", "<value>prod</value>"),
        ["element 'sak'", "property 'lifecycle'", "'prod' is not an allowed value"],
    ),
    "missing definition": (
        lambda t: _bad(t, 'propertyDefinitionRef="pd-mode"', 'propertyDefinitionRef="pd-gone"'),
        ["'pd-gone'", "line {pd-gone}"],
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_exchange_file_is_located_and_changes_nothing(run, repo_path, tmp_path, case):
    run("import", MODEL, "--kommune", "4631")
    before = snapshot(repo_path)
    edit, expected = BAD[case]
    text = edit(MODEL.read_text(encoding="utf-8"))
    f = tmp_path / "bad.xml"
    f.write_text(text, encoding="utf-8")
    message = run("import", f, "--kommune", "4631", expect=2).output
    assert message.startswith("error: ") and "bad.xml" in message
    for part in expected:
        if "{" in part:
            needle = part[part.index("{") + 1 : part.index("}")]
            part = part[: part.index("{")] + str(_line_of(text, needle))
        assert part in message, f"{part!r} not in {message!r}"
    assert snapshot(repo_path) == before


def test_bad_archi_csv_is_located(run, tmp_path):
    g = _load(MODEL)
    d = tmp_path / "csv"
    d.mkdir()
    for name, body in EXPORTERS["archi-csv"](g, "4631").items():
        (d / name).write_text(body, encoding="utf-8")
    (d / "relations.csv").write_text(
        (d / "relations.csv").read_text().replace('"proc","junction"', '"proc","nowhere"')
    )
    out = run("import", d, "--kommune", "4631", expect=2).output
    assert "relations.csv" in out and "element 'infl'" in out and "line" in out and "'nowhere'" in out


def test_large_model_streams_and_locates_late_error(tmp_path):
    """A ~50 MB model with a dangling reference at its very end: one located error."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from archimate_bench import write_model

    f = tmp_path / "big.xml"
    write_model(f, elements=40_000, broken=True, padding=800)
    assert f.stat().st_size > 50_000_000
    with pytest.raises(Exception) as exc:
        load_interop("archimate", [f], "4631")
    msg = str(exc.value)
    assert "big.xml" in msg and "line" in msg and "'missing-target'" in msg


def test_copy_of_shared_data_is_not_in_project():
    assert not list(AM.glob("archi-testdata*")) and not list(AM.glob("sparx*"))


def test_exports_do_not_follow_the_order_the_graph_was_built_in():
    """The same inventory built in another order (another import, another store) exports to the same bytes."""
    import random

    g1 = _load(MODEL)
    triples = sorted(g1)
    for seed in (1, 2):
        random.Random(seed).shuffle(triples)
        g2 = Graph()
        for t in triples:
            g2.add(t)
        for fmt in ("archimate", "archi-csv"):
            assert EXPORTERS[fmt](g2, "4631") == EXPORTERS[fmt](g1, "4631"), (fmt, seed)
