"""The tabular inventory format: sheets, their columns, and how each column maps to the ontology.

One table drives every tabular loader (XLSX, CSV, JSON), the template writer and the README's
column reference. Column names are the ontology's local names; allowed values of controlled
columns are the skos:notation values of the scheme in ontology/vocab.ttl.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import EA


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | text | bool | date | amount | url | concept | system | node | interface | standard | vendor | org | kommune
    scheme: str | None = None  # vocab scheme for kind == "concept"
    required: bool = False
    multi: bool = False  # several values, ';'-separated in CSV/XLSX, a list in JSON

    @property
    def predicate(self):
        return EA[self.name]


@dataclass(frozen=True)
class Sheet:
    name: str
    rdf_class: str  # local name in the ea: namespace
    kind: str  # IRI segment: system | interface | integration
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


C = Column

SYSTEMS = Sheet(
    "systems",
    "System",
    "system",
    (
        C("id", "id", required=True),
        C("name", "text", required=True),
        C("description", "text"),
        C("vendor", "vendor"),
        C("product", "text"),
        C("function", "text"),
        C("version", "text"),
        C("category", "concept", "category", multi=True),
        C("lifecycle", "concept", "lifecycle"),
        C("hosting", "concept", "hosting"),
        C("owner", "text"),
        C("operatedBy", "org"),
        C("sharedWith", "kommune", multi=True),
        C("citizenFacing", "bool"),
        C("citizenLogin", "bool"),
        C("personalData", "bool"),
        C("sensitivity", "concept", "sensitivity"),
        C("largeScale", "bool"),
        C("processingRecord", "bool"),
        C("dataProcessingAgreement", "bool"),
        C("dpia", "bool"),
        C("riskAssessment", "date"),
        C("privacyReference", "text"),
        C("sendsToCitizens", "bool"),
        C("notifiesElectronically", "bool"),
        C("sendsEmailAttachments", "bool"),
        C("archiveRelevant", "bool"),
        C("receivesInvoices", "bool"),
        C("externallyPublished", "bool"),
        C("ipv6", "bool"),
        C("browserBased", "bool"),
        C("mobileApp", "bool"),
        C("htmlVersion", "text"),
        C("accessibilityStatement", "date"),
        C("holdsData", "concept", "dataobject", multi=True),
        C("healthService", "concept", "healthservice", multi=True),
        C("supportsStandard", "standard", multi=True),
        C("lacksStandard", "standard", multi=True),
        C("integrationPlatform", "bool"),
        C("integrationsComplete", "bool"),
        C("standalone", "bool"),
        C("contractEnd", "date"),
        C("annualLicenceCost", "amount"),
        C("annualOperationCost", "amount"),
        C("licenceKind", "concept", "licence"),
        C("timeDecision", "concept", "timedecision"),
        C("endOfLife", "date"),
        C("inUseFrom", "date"),
        C("inUseTo", "date"),
        C("lastConfirmed", "date"),
        C("url", "url"),
        C("sourceUrl", "url"),
        C("sourceNote", "text"),
        C("confidence", "concept", "confidence"),
    ),
)

INTERFACES = Sheet(
    "interfaces",
    "Interface",
    "interface",
    (
        C("id", "id", required=True),
        C("providedBy", "system", required=True),
        C("name", "text"),
        C("description", "text"),
        C("protocol", "concept", "protocol"),
        C("format", "text"),
        C("charset", "concept", "charset"),
        C("transportSecurity", "concept", "tls"),
        C("authentication", "concept", "auth"),
        C("externallyPublished", "bool"),
        C("exchangeWith", "concept", "party", multi=True),
        C("ipv6", "bool"),
        C("supportsStandard", "standard", multi=True),
        C("lacksStandard", "standard", multi=True),
        C("url", "url"),
        C("sourceUrl", "url"),
        C("sourceNote", "text"),
        C("confidence", "concept", "confidence"),
    ),
)

INTEGRATIONS = Sheet(
    "integrations",
    "Integration",
    "integration",
    (
        C("id", "id", required=True),
        C("provider", "node", required=True),
        C("consumer", "node", required=True),
        C("name", "text"),
        C("description", "text"),
        C("viaInterface", "interface"),
        C("via", "node", multi=True),
        C("mode", "concept", "mode"),
        C("protocol", "concept", "protocol"),
        C("format", "text"),
        C("charset", "concept", "charset"),
        C("transportSecurity", "concept", "tls"),
        C("authentication", "concept", "auth"),
        C("exchangeWith", "concept", "party", multi=True),
        C("carries", "concept", "dataobject", multi=True),
        C("carriesKommunenummer", "bool"),
        C("status", "concept", "integrationstatus"),
        C("direction", "concept", "direction"),
        C("sourceUrl", "url"),
        C("sourceNote", "text"),
        C("confidence", "concept", "confidence"),
    ),
)

SHEETS: tuple[Sheet, ...] = (SYSTEMS, INTERFACES, INTEGRATIONS)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}

# Optional sheet `meta` (XLSX), `meta.csv` (CSV) or object `meta` (JSON): key/value pairs about the
# inventory as a whole.
META_KEYS = ("kommune", "name", "fictional", "description", "source", "date", "integrationsComplete",
             "informationSecurityManagement", "normen")
#: meta entries that are true/false, each stored as ea:<key> on the inventory node
META_BOOLS = ("fictional", "integrationsComplete", "informationSecurityManagement", "normen")

TRUE_WORDS = {"true", "yes", "ja", "1", "x", "sann"}
FALSE_WORDS = {"false", "no", "nei", "0", "usann", ""}
LIST_SEPARATOR = ";"
