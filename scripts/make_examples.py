#!/usr/bin/env python3
"""Generate the example inventories in examples/ (fictional data for demonstration).

    python3 scripts/make_examples.py            # write the files, then check them
    python3 scripts/make_examples.py --check    # only check the files already written

Writes
  examples/4631-alver.xlsx      (XLSX: sheets meta, systems, interfaces, integrations)
  examples/4630-osteroy/*.csv   (CSV set: meta.csv, systems.csv, interfaces.csv, integrations.csv)
  examples/3301-drammen.json    (JSON: {"meta": {...}, "systems": [...], ...})

The kommune numbers are real, everything else about the three kommuner is invented: which systems
they run, their contracts, their integrations and every shortcoming. Product and vendor names are
real where they come from public sources (see examples/README.md); the deliberate shortcomings are
always placed in the kommune's own set-up (its configuration, contracts, local or self-built
systems), never claimed of a real product.

Deterministic: a fixed seed per kommune, no clock, fixed timestamps inside the XLSX zip, so
re-running the script gives byte-identical files. Needs only the standard library and openpyxl.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT))
from ea_repo.inventory import schema as _schema  # noqa: E402
TODAY = date(2026, 11, 23)  # the reference date of the examples (shortcomings are relative to it)
SEED = 4631_4630_3301

IKS_NAME = "Fjordnett IKT (fiktivt samarbeid)"
FICTIONAL_VENDORS = (
    "Fjordkode AS (fiktiv)",
    "Vestdata Kommune AS (fiktiv)",
    "Nordvest Programvare AS (fiktiv)",
    "Kystsystem AS (fiktiv)",
    "Elvedata AS (fiktiv)",
)

# ---------------------------------------------------------------------------------------------
# Columns (kept identical to ea_repo/inventory/schema.py; checked against it when importable)
# ---------------------------------------------------------------------------------------------

# The columns are the schema's (ea_repo/inventory/schema.py): every column is written, blank where the
# example says nothing.
SYSTEM_COLUMNS = tuple(c.name for c in _schema.SYSTEMS.columns)
INTERFACE_COLUMNS = tuple(c.name for c in _schema.INTERFACES.columns)
INTEGRATION_COLUMNS = tuple(c.name for c in _schema.INTEGRATIONS.columns)
COLUMNS = {"systems": SYSTEM_COLUMNS, "interfaces": INTERFACE_COLUMNS, "integrations": INTEGRATION_COLUMNS}
_SHEETS = {sh.name: sh for sh in _schema.SHEETS}
MULTI = {n: {c.name for c in sh.columns if c.multi} for n, sh in _SHEETS.items()}
BOOLS = {n: {c.name for c in sh.columns if c.kind == "bool"} for n, sh in _SHEETS.items()}
DATES = {n: {c.name for c in sh.columns if c.kind == "date"} for n, sh in _SHEETS.items()}
CONCEPTS = {n: {c.name: c.scheme for c in sh.columns if c.kind == "concept"} for n, sh in _SHEETS.items()}  # column -> vocab scheme

# ---------------------------------------------------------------------------------------------
# Category profiles: defaults a system of that category gets unless it says otherwise
# ---------------------------------------------------------------------------------------------

# category: (sensitivity, holdsData, archiveRelevant, extra standards, owner nynorsk, owner bokmål)
PROFILE = {
    "sak-arkiv": (
        "confidential",
        "case;document;decision;person",
        True,
        "noark-5;pdfa-1a;pdfa-2",
        "Arkivleiar, dokumentsenteret",
        "Arkivleder, dokumentsenteret",
    ),
    "arkivkjerne": (
        "confidential",
        "case;document",
        True,
        "noark-5;pdfa-2",
        "Arkivleiar, dokumentsenteret",
        "Arkivleder, dokumentsenteret",
    ),
    "okonomi": (
        "personal",
        "accounting;invoice;payment;organisation",
        True,
        "ehf-billing-3.0;peppol-bis",
        "Økonomisjef",
        "Økonomisjef",
    ),
    "lonn-hr": ("special-category", "employee;payment", True, "", "HR-sjef", "HR-sjef"),
    "epj-helse-omsorg": (
        "special-category",
        "patient;decision",
        True,
        "",
        "Kommunalsjef helse og omsorg",
        "Kommunalsjef helse og omsorg",
    ),
    "helsestasjon": (
        "special-category",
        "patient;child",
        True,
        "",
        "Leiar helsestasjon og skulehelsetenesta",
        "Leder helsestasjon og skolehelsetjenesten",
    ),
    "legevakt-legekontor": ("special-category", "patient", True, "", "Kommuneoverlege", "Kommuneoverlege"),
    "barnevern": (
        "confidential",
        "child;person;case;decision;document",
        True,
        "",
        "Barnevernleiar",
        "Barnevernleder",
    ),
    "nav-sosial": (
        "confidential",
        "person;case;decision;payment",
        True,
        "",
        "NAV-leiar (kommunal del)",
        "NAV-leder (kommunal del)",
    ),
    "ppt": ("confidential", "child;pupil;case;document", True, "", "Leiar PPT", "Leder PPT"),
    "skole": ("personal", "pupil", False, "", "Kommunalsjef oppvekst", "Kommunalsjef oppvekst"),
    "barnehage": ("personal", "child", False, "", "Barnehagefagleg rådgjevar", "Barnehagefaglig rådgiver"),
    "kulturskole": ("personal", "pupil;invoice", False, "", "Rektor kulturskulen", "Rektor kulturskolen"),
    "flyktning-voksenopplaering": (
        "confidential",
        "person;case;decision",
        True,
        "",
        "Leiar vaksenopplæring og flyktningtenesta",
        "Leder voksenopplæring og flyktningtjenesten",
    ),
    "plan-bygg-geodata": (
        "internal",
        "property;building;plan;geodata",
        False,
        "sosi",
        "Leiar plan og byggesak",
        "Leder plan og bygningsmyndighet",
    ),
    "eiendom-teknisk": (
        "internal",
        "building;property",
        False,
        "",
        "Leiar eigedom",
        "Leder kommunale eiendommer",
    ),
    "vann-avlop": (
        "internal",
        "geodata;property",
        False,
        "sosi",
        "Leiar vatn og avlaup",
        "Leder vann og avløp",
    ),
    "politisk": (
        "open",
        "case;document",
        True,
        "pdfa-1a",
        "Leiar politisk sekretariat",
        "Leder politisk sekretariat",
    ),
    "innbyggerportal": ("open", "document", False, "", "Kommunikasjonssjef", "Kommunikasjonssjef"),
    "integrasjon": ("personal", "document", False, "", "Digitaliseringsleiar", "Digitaliseringssjef"),
    "infrastruktur": ("internal", "employee", False, "", "Digitaliseringsleiar", "IT-sjef"),
    "itsm": ("internal", "employee", False, "", "Digitaliseringsleiar", "IT-sjef"),
    "gravplass": ("personal", "person;property", True, "", "Kyrkjeverje", "Kirkeverge"),
    "kultur-fritid": ("personal", "contact", False, "", "Kultursjef", "Kultursjef"),
    "brann-beredskap": ("internal", "building;property", False, "", "Beredskapsleiar", "Beredskapssjef"),
    "eiendomsskatt": (
        "personal",
        "property;person;decision",
        True,
        "",
        "Leiar eigedomsskatt",
        "Leder eiendomsskattekontoret",
    ),
    "annet": ("internal", "document", False, "", "Kommunedirektøren sin stab", "Kommunedirektørens stab"),
}
PERSONAL_LEVELS = {"personal", "special-category", "confidential"}
EPJ_STANDARDS = "his-1037;his-80415;his-1153;plo;his-1143;his-1144;his-1145;his-1146;his-1147;his-1148;his-1149;his-1151;his-1152"


def split(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [v for v in str(value).split(";") if v]


# ---------------------------------------------------------------------------------------------
# One inventory under construction
# ---------------------------------------------------------------------------------------------


@dataclass
class Inventory:
    code: str
    name: str
    nynorsk: bool
    seed: int
    meta: dict = field(default_factory=dict)
    systems: dict = field(default_factory=dict)
    interfaces: dict = field(default_factory=dict)
    integrations: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    # -- helpers ---------------------------------------------------------------------------
    def contract_end(self) -> str:
        """A plausible future contract end: end of a quarter between 2027 and 2031."""
        year = self.rng.randint(2027, 2031)
        month = self.rng.choice((3, 6, 9, 12))
        first_next = date(year + (month == 12), month % 12 + 1, 1)
        return (first_next - timedelta(days=1)).isoformat()

    def statement_date(self) -> str:
        """A tilgjengelighetserklæring updated within the last year."""
        return (TODAY - timedelta(days=self.rng.randint(20, 300))).isoformat()

    def url(self, path: str) -> str:
        slug = {"4631": "alver", "4630": "osteroy", "3301": "drammen"}[self.code]
        return f"https://{path}.{slug}.kommune.example/"

    # -- rows ------------------------------------------------------------------------------
    def sys(
        self,
        id: str,
        name: str,
        category: str,
        vendor: str | None,
        product: str | None = None,
        hosting: str = "saas",
        description: str = "",
        **kw,
    ) -> dict:
        assert id not in self.systems, id
        sens, holds, archive, stds, owner_nn, owner_nb = PROFILE[category]
        sens = kw.pop("sensitivity", sens)
        personal = sens in PERSONAL_LEVELS
        row = {
            "id": id,
            "name": name,
            "description": description,
            "vendor": vendor or "",
            "product": product if product is not None else name,
            "version": kw.pop("version", ""),
            "category": category,
            "lifecycle": kw.pop("lifecycle", "production"),
            "hosting": hosting,
            "owner": kw.pop("owner", owner_nn if self.nynorsk else owner_nb),
            "operatedBy": kw.pop("operatedBy", ""),
            "sharedWith": kw.pop("sharedWith", ""),
            "citizenFacing": kw.pop("citizenFacing", False),
            "citizenLogin": kw.pop("citizenLogin", False),
            "personalData": kw.pop("personalData", personal),
            "sensitivity": sens,
            "sendsToCitizens": kw.pop("sendsToCitizens", False),
            "notifiesElectronically": kw.pop("notifiesElectronically", None),
            "sendsEmailAttachments": kw.pop("sendsEmailAttachments", False),
            "archiveRelevant": kw.pop("archiveRelevant", archive),
            "receivesInvoices": kw.pop("receivesInvoices", False),
            "externallyPublished": kw.pop("externallyPublished", False),
            "ipv6": kw.pop("ipv6", None),
            "browserBased": kw.pop("browserBased", None),
            "htmlVersion": kw.pop("htmlVersion", ""),
            "accessibilityStatement": kw.pop("accessibilityStatement", ""),
            "holdsData": kw.pop("holdsData", holds),
            "healthService": kw.pop("healthService", ""),
            "integrationPlatform": kw.pop("integrationPlatform", False),
            "contractEnd": kw.pop("contractEnd", None),
            "endOfLife": kw.pop("endOfLife", ""),
            "url": kw.pop("url", ""),
        }
        base_std = ["utf-8"]
        if hosting in ("saas", "vendor-hosted", "public-cloud") or row["browserBased"]:
            base_std += ["https", "tls-1.2"]
        if row["sendsEmailAttachments"] or row["sendsToCitizens"]:
            base_std += ["pdfa-1a"]
        if row["citizenFacing"]:
            base_std += ["html5", "wcag-2.1-aa", "en-301-549-v3.2.1"]
        elif row["browserBased"]:
            base_std += ["html5"]
        if row["externallyPublished"]:
            base_std += ["hsts"]
        std = kw.pop("supportsStandard", None)
        if std is None:
            std = ";".join(dict.fromkeys(base_std + split(stds)))
        lacks = kw.pop("lacksStandard", "")
        row["supportsStandard"] = ";".join(x for x in split(std) if x not in split(lacks))
        row["lacksStandard"] = lacks
        if row["sendsToCitizens"] and row["notifiesElectronically"] is None:
            row["notifiesElectronically"] = True  # the fictional kommuner notify through SvarUt / digital post
        if row["citizenFacing"] and row["browserBased"] is None:
            row["browserBased"] = True
        if row["browserBased"]:
            row["htmlVersion"] = row["htmlVersion"] or "HTML5"
        if row["citizenFacing"]:
            row["accessibilityStatement"] = row["accessibilityStatement"] or self.statement_date()
        if row["externallyPublished"] and row["ipv6"] is None:
            row["ipv6"] = True
        if row["contractEnd"] is None:
            row["contractEnd"] = (
                "" if vendor is None or "egenutvikla" in (vendor or "").lower() else self.contract_end()
            )
        if kw:
            raise TypeError(f"unknown columns for {id}: {sorted(kw)}")
        self.systems[id] = row
        return row

    def iface(
        self,
        id: str,
        providedBy: str,
        name: str,
        protocol: str,
        fmt: str,
        *,
        charset: str = "utf-8",
        tls: str = "tls1.2",
        auth: str = "oauth2",
        description: str = "",
        external: bool = False,
        ipv6: bool | None = None,
        standards: str = "",
        url: str = "",
    ) -> dict:
        assert id not in self.interfaces, id
        std = standards or ";".join(
            s
            for s in (
                "utf-8" if charset == "utf-8" else "",
                "https;tls-1.2"
                if tls in ("tls1.2", "tls1.3")
                and protocol in ("https", "rest", "soap", "odata", "graphql", "oidc", "saml2")
                else "",
            )
            if s
        )
        row = {
            "id": id,
            "providedBy": providedBy,
            "name": name,
            "description": description,
            "protocol": protocol,
            "format": fmt,
            "charset": charset,
            "transportSecurity": tls,
            "authentication": auth,
            "externallyPublished": external,
            "ipv6": (external if ipv6 is None else ipv6) if external else ipv6,
            "supportsStandard": std,
            "url": url,
        }
        self.interfaces[id] = row
        return row

    def flow(
        self,
        provider: str,
        consumer: str,
        name: str,
        *,
        mode: str = "api",
        protocol: str = "rest",
        fmt: str = "JSON",
        charset: str = "utf-8",
        tls: str = "tls1.2",
        auth: str = "maskinporten",
        carries: str = "",
        kommunenummer: bool = False,
        via: str = "",
        iface: str = "",
        description: str = "",
        id: str | None = None,
    ) -> dict:
        base = id or f"{provider}-til-{consumer}"
        fid, n = base, 2
        while fid in self.integrations:
            fid, n = f"{base}-{n}", n + 1
        row = {
            "id": fid,
            "provider": provider,
            "consumer": consumer,
            "name": name,
            "description": description,
            "viaInterface": iface,
            "via": via,
            "mode": mode,
            "protocol": protocol,
            "format": fmt,
            "charset": charset,
            "transportSecurity": tls,
            "authentication": auth,
            "carries": carries,
            "carriesKommunenummer": kommunenummer,
        }
        self.integrations[fid] = row
        return row

    # -- standard flows to the national components -------------------------------------------
    def sso(self, system: str, protocol: str | None = None):
        protocol = protocol or self.rng.choice(("saml2", "oidc", "oidc"))
        self.flow(
            "entra-id",
            system,
            "Pålogging for tilsette (SSO)" if self.nynorsk else "Pålogging for ansatte (SSO)",
            protocol=protocol,
            fmt="SAML-assertion" if protocol == "saml2" else "JWT (OIDC ID-token)",
            auth="saml2" if protocol == "saml2" else "oauth2",
            carries="employee",
            iface="entra-id-saml" if protocol == "saml2" else "entra-id-oidc",
        )

    def krr(self, system: str):
        self.flow(
            "krr",
            system,
            "Oppslag i kontakt- og reservasjonsregisteret",
            carries="contact;person",
            description="Oppslag ved kvar utsending (REST, Maskinporten-scope krr:global/kontaktinformasjon.read)."
            if self.nynorsk
            else "Oppslag ved hver utsending (REST, Maskinporten-scope krr:global/kontaktinformasjon.read).",
        )

    def svarut(self, system: str, iface: str = ""):
        self.flow(
            system,
            "svarut",
            "Utsending av brev og vedtak via SvarUt",
            mode="message",
            fmt="JSON + PDF/A (forsendelse)",
            carries="decision;document",
            iface=iface,
            via="ks-fiks",
        )

    def folkereg(self, system: str, carries: str = "person;address"):
        self.flow(
            "fiks-folkeregister",
            system,
            "Folkeregisteropplysningar via KS Fiks Folkeregister"
            if self.nynorsk
            else "Folkeregisteropplysninger via KS Fiks Folkeregister",
            carries=carries,
            kommunenummer=True,
            description="Hendingsliste og oppslag; adresser og kommunenummer for bustadkommune."
            if self.nynorsk
            else "Hendelsesliste og oppslag; adresser og kommunenummer for bostedskommune.",
        )

    def to_archive(self, system: str, archive: str, carries: str = "document;case"):
        self.flow(
            system,
            archive,
            "Arkivering til sak/arkiv via Fiks Arkiv",
            mode="message",
            protocol="fiks-io",
            fmt="Fiks Arkiv-melding (XML, no.ks.fiks.arkiv.v1)",
            carries=carries,
            via="fiks-arkiv",
        )

    def matrikkel(self, system: str, carries: str = "property;building;address"):
        self.flow(
            "matrikkelen",
            system,
            "Matrikkeldata frå Matrikkel-API" if self.nynorsk else "Matrikkeldata fra Matrikkel-API",
            protocol="soap",
            fmt="XML (MatrikkelAPI)",
            auth="basic",
            carries=carries,
            kommunenummer=True,
            description="Matrikkelnummer (kommunenummer-gnr-bnr-fnr-snr), bygg og adresser.",
        )

    def elma(self, system: str):
        self.flow(
            "elma",
            system,
            "Mottak av EHF-faktura (Peppol, adressert via ELMA)",
            mode="message",
            protocol="as4",
            fmt="EHF Billing 3.0 (UBL XML)",
            auth="virksomhetssertifikat",
            carries="invoice;organisation",
        )

    def idporten(self, system: str):
        self.flow(
            "id-porten",
            system,
            "Innlogging for innbyggjarar med ID-porten"
            if self.nynorsk
            else "Innlogging for innbyggere med ID-porten",
            protocol="oidc",
            fmt="JWT (OIDC ID-token)",
            auth="id-porten",
            carries="person",
        )

    def health_messaging(self, system: str, kjernejournal: bool = True, eresept: bool = False):
        self.flow(
            system,
            "helsenettet",
            "PLO-meldingar over Helsenettet" if self.nynorsk else "PLO-meldinger over Helsenettet",
            mode="message",
            protocol="ebxml",
            fmt="KITH XML (PLO, HIS 1143-1152) i ebXML-konvolutt",
            tls="vpn",
            auth="virksomhetssertifikat",
            carries="patient",
        )
        self.flow(
            "helsenettet",
            system,
            "Innkomande helsemeldingar (epikrise, PLO, applikasjonskvittering)"
            if self.nynorsk
            else "Innkommende helsemeldinger (epikrise, PLO, applikasjonskvittering)",
            mode="message",
            protocol="ebxml",
            fmt="KITH XML i ebXML-konvolutt",
            tls="vpn",
            auth="virksomhetssertifikat",
            carries="patient",
        )
        self.flow(
            "adresseregisteret",
            system,
            "Tenestebasert adressering (Adresseregisteret)",
            protocol="soap",
            fmt="XML",
            tls="vpn",
            auth="helseid",
            carries="organisation;contact",
        )
        if kjernejournal:
            self.flow(
                "kjernejournal",
                system,
                "Oppslag i kjernejournal",
                protocol="rest",
                fmt="FHIR JSON",
                tls="vpn",
                auth="helseid",
                carries="patient",
            )
        if eresept:
            self.flow(
                system,
                "e-resept",
                "Forskriving via e-resept (Reseptformidlaren)",
                mode="message",
                protocol="ebxml",
                fmt="KITH XML (HIS 3100)",
                tls="vpn",
                auth="virksomhetssertifikat",
                carries="patient",
            )

    # -- output ---------------------------------------------------------------------------------
    def rows(self, sheet: str) -> list[dict]:
        return list(getattr(self, sheet).values())


def add_depot(inv: Inventory, archive: str, extracts: tuple[str, ...]):
    """The kommune's digital depot (an inter-municipal archive institution; fictional vendor)."""
    nn = inv.nynorsk
    inv.sys(
        "arkivdepot",
        "Digitalt depot",
        "arkivkjerne",
        "Interkommunalt arkiv (fiktivt)",
        "Depotløysing" if nn else "Depotløsning",
        description=(
            "Langtidsbevaring av avleverte arkivuttrekk (arkivlova § 14); innsyn for arkivtenesta."
            if nn
            else "Langtidsbevaring av avleverte arkivuttrekk (arkivlova § 14); innsyn for arkivtjenesten."
        ),
        sensitivity="confidential",
        holdsData="document;case",
        browserBased=True,
    )
    inv.sso("arkivdepot")
    inv.flow(
        archive,
        "arkivdepot",
        "Avlevering av avslutta arkivperiodar" if nn else "Avlevering av avsluttede arkivperioder",
        mode="file-transfer",
        protocol="sftp",
        fmt="Noark 5 arkivuttrekk (XML, ADDML)",
        tls="ssh",
        auth="ssh-key",
        carries="document;case",
    )
    for system in extracts:
        inv.flow(
            system,
            "arkivdepot",
            "Arkivuttrekk til depot",
            mode="file-transfer",
            protocol="sftp",
            fmt="SIARD / ADDML-uttrekk",
            tls="ssh",
            auth="ssh-key",
            carries="document",
            description=(
                "Årleg uttrekk av databasen for langtidsbevaring."
                if nn
                else "Årlig uttrekk av databasen for langtidsbevaring."
            ),
        )


# ---------------------------------------------------------------------------------------------
# Shared IKS systems (Alver and Osterøy)
# ---------------------------------------------------------------------------------------------


def add_iks(inv: Inventory, other: str):
    """Systems run by the fictional IKS; same ids in both inventories, sharedWith the other kommune."""
    iks = dict(hosting="iks", operatedBy=IKS_NAME, sharedWith=other)
    fixed = Inventory("0000", "iks", True, SEED)  # own rng so both kommuner get identical rows
    ce = fixed.contract_end

    inv.sys(
        "entra-id",
        "Active Directory og Microsoft Entra ID",
        "infrastruktur",
        "Microsoft",
        "Active Directory / Microsoft Entra ID",
        description="Felles katalog, fleirfaktor og SSO for tilsette; AD lokalt hjå IKS, synkronisert til Entra ID.",
        contractEnd=ce(),
        holdsData="employee",
        sensitivity="personal",
        **iks,
    )
    inv.iface("entra-id-saml", "entra-id", "SAML 2.0 IdP", "saml2", "SAML 2.0", auth="saml2")
    inv.iface("entra-id-oidc", "entra-id", "OpenID Connect IdP", "oidc", "JWT", auth="oauth2")
    inv.sys(
        "integrasjonsplattform",
        "Integrasjonsplattform",
        "integrasjon",
        "Microsoft",
        "Azure Integration Services (Logic Apps, Service Bus, API Management)",
        hosting="iks",
        description="Felles integrasjonsplattform; API-forvaltning og meldingskøar mellom fagsystem, drifta av IKS.",
        integrationPlatform=True,
        contractEnd=ce(),
        operatedBy=IKS_NAME,
        sharedWith=other,
    )
    inv.iface(
        "integrasjonsplattform-api",
        "integrasjonsplattform",
        "API-portal (API Management)",
        "rest",
        "JSON (OpenAPI 3)",
        auth="oauth2",
    )
    inv.sys(
        "eformidling-ip",
        "eFormidling integrasjonspunkt",
        "integrasjon",
        "Digitaliseringsdirektoratet",
        "Integrasjonspunkt (eFormidling 2)",
        description="Lokalt integrasjonspunkt for eFormidling (DPO, DPE, DPF, DPI).",
        integrationPlatform=True,
        contractEnd="",
        **iks,
    )
    inv.iface(
        "eformidling-ip-api",
        "eformidling-ip",
        "Integrasjonspunkt REST (eFormidling 2)",
        "rest",
        "SBD/SBDH JSON + ASiC-E",
        auth="virksomhetssertifikat",
    )
    inv.sys(
        "filsluse",
        "Filsluse (SFTP)",
        "integrasjon",
        "Fjordnett IKT (fiktivt samarbeid)",
        "OpenSSH SFTP",
        description="Felles SFTP-sluse for filutveksling med bank, pensjonskasse og leverandørar.",
        contractEnd="",
        supportsStandard="utf-8",
        **iks,
    )
    inv.iface(
        "filsluse-sftp",
        "filsluse",
        "SFTP-mottak",
        "sftp",
        "Filer (CSV, XML)",
        tls="ssh",
        auth="ssh-key",
        standards="utf-8",
    )
    inv.sys(
        "elements",
        "Sak/arkiv (Elements)",
        "sak-arkiv",
        "Sikri",
        "Elements",
        version="2026.2",
        description="Felles sak- og arkivsystem (Noark 5) for begge kommunane, separate arkivdelar per kommune.",
        sendsToCitizens=True,
        sendsEmailAttachments=True,
        contractEnd=ce(),
        browserBased=True,
        **iks,
    )
    inv.iface(
        "elements-fiks-arkiv",
        "elements",
        "Fiks Arkiv-mottak",
        "fiks-io",
        "Fiks Arkiv-melding (XML)",
        auth="maskinporten",
        standards="utf-8;noark-5;fiks-arkiv-protokoll",
    )
    inv.iface("elements-api", "elements", "Elements REST API", "rest", "JSON", auth="oauth2")
    inv.sys(
        "elements-mote",
        "Møtebehandling og politikarportal",
        "politisk",
        "Sikri",
        "Elements (møtemodul)",
        description="Møtemodul i sak/arkiv; saksframlegg, møtebøker og portal for folkevalde.",
        citizenFacing=True,
        externallyPublished=True,
        contractEnd=ce(),
        **iks,
    )
    inv.sys(
        "visma-okonomi",
        "Økonomisystem",
        "okonomi",
        "Visma",
        "Visma Enterprise (økonomi)",
        version="2026.1",
        description="Rekneskap, budsjett, fakturamottak og innkjøp; EHF via aksesspunkt.",
        receivesInvoices=True,
        contractEnd=ce(),
        browserBased=True,
        **iks,
    )
    inv.iface(
        "visma-okonomi-api",
        "visma-okonomi",
        "Økonomi-API (bilag, leverandørar)",
        "rest",
        "JSON",
        auth="oauth2",
    )
    inv.sys(
        "visma-lonn",
        "Lønn og personal",
        "lonn-hr",
        "Visma",
        "Visma Enterprise (lønn, HRM)",
        version="2026.1",
        description="Lønn, personal, reiserekning og A-melding.",
        contractEnd=ce(),
        browserBased=True,
        **iks,
    )
    inv.iface(
        "visma-lonn-api", "visma-lonn", "HR-API (tilsette og stillingar)", "rest", "JSON", auth="oauth2"
    )
    inv.sys(
        "ressursstyring",
        "Turnus og vaktplan",
        "lonn-hr",
        "Visma",
        "Visma Ressursstyring",
        description="Turnus, vaktplan og timeliste for helse og omsorg; variable tillegg til lønn.",
        contractEnd=ce(),
        archiveRelevant=False,
        sensitivity="personal",
        holdsData="employee",
        browserBased=True,
        **iks,
    )
    inv.sys(
        "hspro",
        "Helsestasjonsjournal",
        "helsestasjon",
        "Visma",
        "HsPro",
        description="EPJ for helsestasjon og skulehelsetenesta, felles innkjøp i samarbeidet.",
        healthService="helsestasjon",
        contractEnd=ce(),
        supportsStandard=f"utf-8;{EPJ_STANDARDS}",
        **iks,
    )
    inv.sys(
        "topdesk",
        "Brukarstøtte og IT-tenestestyring",
        "itsm",
        "TOPdesk",
        "TOPdesk",
        description="Saksmottak for brukarstøtte, endringar og eigedelsregister hjå IKS.",
        contractEnd=ce(),
        browserBased=True,
        **iks,
    )
    inv.sys(
        "veeam",
        "Sikkerheitskopi",
        "infrastruktur",
        "Veeam Software",
        "Veeam Backup & Replication",
        description="Sikkerheitskopi av tenarar og Microsoft 365.",
        contractEnd=ce(),
        sensitivity="confidential",
        holdsData="document;employee",
        **iks,
    )
    inv.sys(
        "vsphere",
        "Virtualiseringsplattform",
        "infrastruktur",
        "Broadcom",
        "VMware vSphere",
        description="Tenarplattform i datasenteret til IKS.",
        contractEnd=ce(),
        **iks,
    )
    inv.sys(
        "brannmur",
        "Brannmur og fjernaksess",
        "infrastruktur",
        "Fortinet",
        "FortiGate",
        description="Brannmur, segmentering og VPN for tilsette.",
        contractEnd=ce(),
        **iks,
    )
    inv.sys(
        "utskrift",
        "Utskriftsløysing",
        "infrastruktur",
        "PaperCut Software",
        "PaperCut MF",
        description="Felles utskrift med kortpålogging.",
        contractEnd=ce(),
        **iks,
    )

    # flows of the shared systems (identical in both inventories)
    for s in (
        "elements",
        "elements-mote",
        "visma-okonomi",
        "visma-lonn",
        "ressursstyring",
        "hspro",
        "topdesk",
    ):
        inv.sso(s, "saml2" if s in ("elements", "hspro") else "oidc")
    inv.flow(
        "visma-lonn",
        "entra-id",
        "Tilsettdata til katalog (HR-master)",
        via="integrasjonsplattform",
        iface="visma-lonn-api",
        auth="oauth2",
        carries="employee",
        description="Nye, endra og avslutta arbeidsforhold opprettar og sperrar brukarar.",
    )
    inv.svarut("elements")
    inv.krr("elements")
    inv.folkereg("elements")
    inv.flow(
        "svarinn",
        "elements",
        "Innkomande post via SvarInn",
        mode="message",
        fmt="JSON + PDF (forsendelse)",
        carries="document",
        via="ks-fiks",
    )
    inv.flow(
        "elements",
        "einnsyn",
        "Publisering av offentleg journal til eInnsyn",
        mode="message",
        fmt="arkivmelding (SBD) via integrasjonspunkt",
        via="eformidling-ip;eformidling",
        iface="eformidling-ip-api",
        auth="virksomhetssertifikat",
        carries="document;case",
    )
    inv.flow(
        "elements",
        "elements-mote",
        "Saksframlegg til møtebehandling",
        mode="database",
        protocol="jdbc",
        fmt="Intern database",
        tls="tls1.2",
        auth="ad",
        carries="case;document",
        description="Same installasjon; møtemodulen les saker direkte.",
    )
    inv.elma("visma-okonomi")
    inv.flow(
        "enhetsregisteret",
        "visma-okonomi",
        "Leverandøroppslag i Einingsregisteret",
        auth="none",
        carries="organisation",
        description="Ope API data.brreg.no; oppdatering av leverandørregister.",
    )
    inv.flow(
        "visma-okonomi",
        "kostra",
        "KOSTRA-rapportering (rekneskap)",
        mode="file-transfer",
        protocol="https",
        fmt="XML (KOSTRA-filformat)",
        carries="accounting",
        kommunenummer=True,
        description="Rekneskapsdata per kommunenummer og funksjon/art til SSB.",
    )
    inv.flow(
        "visma-lonn",
        "a-ordningen",
        "A-melding",
        mode="message",
        fmt="A-melding XML",
        carries="employee;payment",
        kommunenummer=True,
        description="Månadleg A-melding; arbeidsstad og kommunenummer for kvar arbeidsgjevar.",
    )
    inv.flow(
        "visma-lonn",
        "filsluse",
        "Lønnsutbetaling og pensjon til bank og pensjonskasse",
        mode="file-transfer",
        protocol="sftp",
        fmt="ISO 20022 pain.001 (XML)",
        tls="ssh",
        auth="ssh-key",
        carries="payment;employee",
        iface="filsluse-sftp",
    )
    inv.flow(
        "visma-lonn",
        "elements",
        "Dokument til personalmappe i sak/arkiv",
        mode="message",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="document;employee",
        description="Arbeidsavtalar og attestar blir arkiverte i personalmappa.",
    )
    inv.flow(
        "ressursstyring",
        "visma-lonn",
        "Variable tillegg frå turnus til lønn",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="employee;payment",
    )
    inv.folkereg("hspro", "person;address;child")
    inv.health_messaging("hspro", kjernejournal=False)
    inv.to_archive("hspro", "elements", "document")
    inv.flow(
        "veeam",
        "vsphere",
        "Sikkerheitskopi av virtuelle maskiner",
        mode="api",
        protocol="https",
        fmt="VMware VADP",
        auth="basic",
        carries="document",
    )


# ---------------------------------------------------------------------------------------------
# Pool of generic municipal systems (real, widely known products where the claim is only "the
# kommune uses it"; fictional vendors, marked "(fiktiv)", where a named product would add nothing)
# ---------------------------------------------------------------------------------------------

F0, F1, F2, F3, F4 = FICTIONAL_VENDORS

POOL = [
    # id, name, category, vendor, product, hosting, description, extra columns
    (
        "m365",
        "Microsoft 365 for tilsette",
        "infrastruktur",
        "Microsoft",
        "Microsoft 365 E3",
        "saas",
        "E-post (Exchange Online), Teams, SharePoint og OneDrive.",
        {"sensitivity": "personal", "holdsData": "document;employee;person"},
    ),
    (
        "intune",
        "Einingshandtering (MDM)",
        "infrastruktur",
        "Microsoft",
        "Microsoft Intune",
        "saas",
        "Handtering av PC-ar, mobilar og nettbrett.",
        {},
    ),
    (
        "defender",
        "Endepunktvern",
        "infrastruktur",
        "Microsoft",
        "Microsoft Defender for Endpoint",
        "saas",
        "Antivirus og deteksjon på klientar og tenarar.",
        {},
    ),
    (
        "sentinel",
        "Tryggingslogg (SIEM)",
        "infrastruktur",
        "Microsoft",
        "Microsoft Sentinel",
        "public-cloud",
        "Innsamling og analyse av tryggingslogg.",
        {"sensitivity": "personal", "holdsData": "employee"},
    ),
    (
        "intranett",
        "Intranett",
        "infrastruktur",
        "Microsoft",
        "SharePoint Online",
        "saas",
        "Intranett med nyhende, rutinar og kontaktinfo.",
        {},
    ),
    (
        "sentralbord",
        "Sentralbord og kontaktsenter",
        "infrastruktur",
        "Puzzel",
        "Puzzel Contact Centre",
        "saas",
        "Sentralbord og innbyggjartorg på telefon og chat.",
        {"sensitivity": "personal", "holdsData": "contact"},
    ),
    (
        "nettverksovervaking",
        "Nettverksovervaking",
        "infrastruktur",
        "Paessler",
        "PRTG Network Monitor",
        "on-premises",
        "Overvaking av nettverk og tenarar.",
        {},
    ),
    (
        "tradlaust",
        "Trådlaust nett",
        "infrastruktur",
        "Cisco",
        "Cisco Meraki",
        "saas",
        "Trådlaust nett for tilsette, elevar og gjester.",
        {},
    ),
    (
        "acrobat",
        "PDF-verktøy",
        "infrastruktur",
        "Adobe",
        "Adobe Acrobat Pro",
        "saas",
        "Laging og konvertering av PDF/A.",
        {"supportsStandard": "utf-8;pdfa-1a;pdfa-2;pdf-1.7"},
    ),
    (
        "lansweeper",
        "Eigedelsregister IT",
        "itsm",
        "Lansweeper",
        "Lansweeper",
        "saas",
        "Oversikt over maskinvare og programvare.",
        {},
    ),
    (
        "passordportal",
        "Sjølvbetent passordbyte",
        "infrastruktur",
        F0,
        "Passordportal",
        "on-premises",
        "Passordbyte for elevar og tilsette utan fleirfaktor.",
        {},
    ),
    (
        "moteromsbooking",
        "Møteromsbooking",
        "infrastruktur",
        F1,
        "Romplan",
        "saas",
        "Booking av møterom i rådhuset.",
        {},
    ),
    (
        "m365-skule",
        "Microsoft 365 for skule",
        "skole",
        "Microsoft",
        "Microsoft 365 A3",
        "saas",
        "Teams, OneNote og Office for elevar og lærarar.",
        {},
    ),
    (
        "google-edu",
        "Google Workspace for Education",
        "skole",
        "Google",
        "Google Workspace for Education",
        "saas",
        "Chromebook og Google-verktøy i barnetrinnet.",
        {},
    ),
    ("kikora", "Kikora", "skole", "Kikora AS", "Kikora", "saas", "Digital matematikkopplæring.", {}),
    (
        "salaby",
        "Salaby",
        "skole",
        "Gyldendal Norsk Forlag",
        "Salaby",
        "saas",
        "Digitale læremiddel 1.–7. trinn.",
        {},
    ),
    (
        "skolestudio",
        "Skolestudio",
        "skole",
        "Aschehoug",
        "Skolestudio",
        "saas",
        "Digitale læremiddel barneskule.",
        {},
    ),
    (
        "creaza",
        "Creaza",
        "skole",
        "Creaza AS",
        "Creaza",
        "saas",
        "Kreative verktøy (film, teikneserie, tankekart).",
        {},
    ),
    ("kahoot", "Kahoot!", "skole", "Kahoot! ASA", "Kahoot! EDU", "saas", "Quiz og læringsspel.", {}),
    (
        "minecraft-edu",
        "Minecraft Education",
        "skole",
        "Microsoft",
        "Minecraft Education",
        "saas",
        "Læringsspel.",
        {},
    ),
    (
        "jamf-school",
        "iPad-handtering skule",
        "skole",
        "Jamf",
        "Jamf School",
        "saas",
        "MDM for elev-iPadar.",
        {},
    ),
    (
        "conexus-engage",
        "Læringsanalyse og kartlegging",
        "skole",
        "Conexus AS",
        "Conexus Engage",
        "saas",
        "Resultat frå nasjonale prøver og kartleggingar.",
        {},
    ),
    (
        "lingdys",
        "Lese- og skrivestøtte",
        "skole",
        "Lingit AS",
        "Lingdys",
        "saas",
        "Lese- og skrivestøtte for elevar med dysleksi.",
        {},
    ),
    ("readwrite", "Read&Write", "skole", "Texthelp", "Read&Write", "saas", "Opplesing og skrivestøtte.", {}),
    (
        "showbie",
        "Showbie",
        "skole",
        "Showbie Inc.",
        "Showbie",
        "saas",
        "Innlevering og tilbakemelding på iPad.",
        {},
    ),
    (
        "inkrement",
        "Campus Inkrement",
        "skole",
        "Inkrement AS",
        "Campus Inkrement",
        "saas",
        "Videoleksjonar i matematikk.",
        {},
    ),
    (
        "ndla",
        "NDLA",
        "skole",
        "NDLA",
        "NDLA",
        "saas",
        "Opne digitale læremiddel (ungdomsskule).",
        {"sensitivity": "open", "personalData": False},
    ),
    (
        "feide-tilkopling",
        "Feide-tilkopling",
        "skole",
        "Sikt",
        "Feide",
        "saas",
        "Pålogging for elevar og lærarar til læremiddel.",
        {},
    ),
    (
        "skulefoto",
        "Skulefotografering",
        "skole",
        F3,
        "Fotobestilling",
        "saas",
        "Bestilling av skulefoto.",
        {},
    ),
    (
        "sfo-pamelding",
        "SFO-påmelding",
        "skole",
        F2,
        "SFO Web",
        "saas",
        "Påmelding og endring av SFO-plass.",
        {},
    ),
    (
        "kidplan",
        "Kidplan",
        "barnehage",
        "Kidplan AS",
        "Kidplan",
        "saas",
        "Kommunikasjon mellom barnehage og heim (private barnehagar i kommunen).",
        {},
    ),
    (
        "checkware",
        "Digital kartlegging psykisk helse",
        "epj-helse-omsorg",
        "CheckWare AS",
        "CheckWare",
        "saas",
        "Digitale kartleggingsskjema for psykisk helse og rus.",
        {"healthService": "psykisk-helse-rus"},
    ),
    (
        "dignio",
        "Digital heimeoppfølging",
        "epj-helse-omsorg",
        "Dignio AS",
        "Dignio Connected Care",
        "saas",
        "Medisinsk avstandsoppfølging av kronisk sjuke.",
        {"healthService": "hjemmetjeneste"},
    ),
    (
        "sensio",
        "Velferdsteknologi (tryggleiksalarm og sensorar)",
        "epj-helse-omsorg",
        "Sensio AS",
        "Sensio",
        "saas",
        "Tryggleiksalarmar, sensorar og digitalt tilsyn.",
        {"healthService": "hjemmetjeneste;sykehjem"},
    ),
    (
        "evondos",
        "Medisindispenser",
        "epj-helse-omsorg",
        "Evondos",
        "Evondos",
        "saas",
        "Automatiske medisindispensarar i heimetenesta.",
        {"healthService": "hjemmetjeneste"},
    ),
    (
        "roomate",
        "Digitalt nattilsyn",
        "epj-helse-omsorg",
        "Roommate AS",
        "Roommate",
        "saas",
        "Sensor for digitalt tilsyn på sjukeheim.",
        {"healthService": "sykehjem"},
    ),
    (
        "pasientvarsling",
        "Pasientvarsling",
        "epj-helse-omsorg",
        "Ascom",
        "Ascom Telligence",
        "on-premises",
        "Pasientsignal og vaktrom på sjukeheimane.",
        {"healthService": "sykehjem"},
    ),
    (
        "fysio-journal",
        "Journal for fysio- og ergoterapi",
        "epj-helse-omsorg",
        F1,
        "Terapijournal",
        "saas",
        "Journal for kommunal fysio- og ergoterapi.",
        {"healthService": "hjemmetjeneste"},
    ),
    (
        "matbestilling",
        "Matbestilling institusjonskjøkken",
        "epj-helse-omsorg",
        F2,
        "Kjøkkenweb",
        "saas",
        "Bestilling av mat og diettar til sjukeheim og heimebuande.",
        {"sensitivity": "special-category", "holdsData": "patient"},
    ),
    (
        "gps-demens",
        "Lokaliseringsteknologi",
        "epj-helse-omsorg",
        F3,
        "Trygg ute",
        "saas",
        "GPS-lokalisering for personar med demens (samtykke).",
        {"healthService": "hjemmetjeneste"},
    ),
    (
        "tolkebestilling",
        "Tolkebestilling",
        "flyktning-voksenopplaering",
        F4,
        "Tolkeportal",
        "saas",
        "Bestilling av kvalifiserte tolkar.",
        {"sensitivity": "personal", "holdsData": "person"},
    ),
    (
        "qgis",
        "QGIS (skrivebord)",
        "plan-bygg-geodata",
        "QGIS.org",
        "QGIS",
        "on-premises",
        "Skrivebords-GIS for analyse og kartproduksjon.",
        {"contractEnd": ""},
    ),
    (
        "fme",
        "FME",
        "plan-bygg-geodata",
        "Safe Software",
        "FME Form",
        "on-premises",
        "Konvertering av geodata (SOSI, GML, FGDB).",
        {"supportsStandard": "utf-8;sosi;gml"},
    ),
    (
        "arcgis",
        "ArcGIS Pro",
        "plan-bygg-geodata",
        "Esri",
        "ArcGIS Pro",
        "saas",
        "Analyse og kartproduksjon.",
        {},
    ),
    (
        "trimble-tbc",
        "Landmåling (etterarbeid)",
        "plan-bygg-geodata",
        "Trimble",
        "Trimble Business Center",
        "on-premises",
        "Etterarbeid av landmålingsdata frå GNSS.",
        {},
    ),
    (
        "adgangskontroll",
        "Adgangskontroll",
        "eiendom-teknisk",
        "ASSA ABLOY",
        "ARX",
        "on-premises",
        "Kortlesarar og tilgang til kommunale bygg.",
        {"sensitivity": "personal", "holdsData": "employee;building"},
    ),
    (
        "energioppfolging",
        "Energioppfølging",
        "eiendom-teknisk",
        F0,
        "Energiportal",
        "saas",
        "Timemålingar av energibruk i kommunale bygg.",
        {},
    ),
    (
        "flate",
        "Flåtestyring",
        "eiendom-teknisk",
        F4,
        "Køyrebok",
        "saas",
        "Elektronisk køyrebok for tenestebilar.",
        {"sensitivity": "personal", "holdsData": "employee"},
    ),
    (
        "broyting",
        "Brøyte- og strøloggar",
        "eiendom-teknisk",
        F1,
        "Vinterdrift",
        "saas",
        "Logging av vinterdrift på kommunale vegar.",
        {},
    ),
    (
        "sd-bygg",
        "Sentral driftskontroll (bygg)",
        "eiendom-teknisk",
        F2,
        "SD-anlegg",
        "on-premises",
        "Styring av ventilasjon og varme i kommunale bygg.",
        {},
    ),
    (
        "sd-va",
        "Driftskontroll vassverk og reinseanlegg",
        "vann-avlop",
        F2,
        "SD-anlegg VA",
        "on-premises",
        "Overvaking og styring av vassverk, pumpestasjonar og reinseanlegg.",
        {"sensitivity": "confidential", "holdsData": "geodata"},
    ),
    (
        "lekkasje",
        "Lekkasjeovervaking",
        "vann-avlop",
        F3,
        "Vassnett",
        "saas",
        "Sonemåling og lekkasjesøk.",
        {},
    ),
    (
        "renovasjon",
        "Tømeregister slamtøming",
        "vann-avlop",
        F0,
        "Slamweb",
        "saas",
        "Register over private avløpsanlegg og tømingar.",
        {"sensitivity": "personal", "holdsData": "property;person"},
    ),
    (
        "kommunestyre-tv",
        "Strøyming av kommunestyremøte",
        "politisk",
        F4,
        "Møte-TV",
        "saas",
        "Direktesending og opptak av politiske møte.",
        {"citizenFacing": True, "externallyPublished": True},
    ),
    (
        "chatbot",
        "Chatbot på nettstaden",
        "innbyggerportal",
        "boost.ai",
        "boost.ai",
        "saas",
        "Virtuell assistent for innbyggjarspørsmål.",
        {"citizenFacing": True, "externallyPublished": True},
    ),
    (
        "sms-varsling",
        "Varsling på SMS",
        "innbyggerportal",
        F3,
        "Varsle",
        "saas",
        "Utsending av SMS ved vassbrot og stengde vegar.",
        {"sensitivity": "personal", "holdsData": "contact;address"},
    ),
    (
        "meld-feil",
        "Meld feil",
        "innbyggerportal",
        F1,
        "Feilmelding",
        "saas",
        "Innbyggjarar melder feil på veg, lys og vatn.",
        {
            "citizenFacing": True,
            "externallyPublished": True,
            "sensitivity": "personal",
            "holdsData": "contact;address",
        },
    ),
    (
        "jobbnorge",
        "Rekruttering",
        "lonn-hr",
        "Jobbnorge AS",
        "Jobbnorge",
        "saas",
        "Utlysing og søknadshandsaming.",
        {"sensitivity": "personal", "holdsData": "person;employee"},
    ),
    (
        "ks-laring",
        "Kompetanseportal",
        "lonn-hr",
        "KS",
        "KS Læring",
        "saas",
        "E-læring og kursadministrasjon.",
        {"sensitivity": "personal", "holdsData": "employee"},
    ),
    (
        "compilo",
        "Kvalitets- og avvikssystem",
        "lonn-hr",
        "Compilo AS",
        "Compilo",
        "saas",
        "Avvik, HMS, risikovurdering og dokumentstyring.",
        {"sensitivity": "personal", "holdsData": "employee;document"},
    ),
    (
        "tidsbanken",
        "Timeregistrering",
        "lonn-hr",
        "Tidsbanken AS",
        "Tidsbanken",
        "saas",
        "Timeregistrering for timeløna og ekstrahjelp.",
        {"sensitivity": "personal", "holdsData": "employee"},
    ),
    (
        "visma-expense",
        "Reiserekning og utlegg",
        "lonn-hr",
        "Visma",
        "Visma Expense",
        "saas",
        "Reiserekning, køyregodtgjersle og utlegg.",
        {"sensitivity": "personal", "holdsData": "employee;payment"},
    ),
    (
        "framsikt",
        "Budsjett og økonomiplan",
        "okonomi",
        "Framsikt AS",
        "Framsikt",
        "saas",
        "Budsjett, økonomiplan og årsrapport.",
        {"sensitivity": "internal", "holdsData": "accounting"},
    ),
    (
        "mercell",
        "Konkurransegjennomføring",
        "okonomi",
        "Mercell",
        "Mercell",
        "saas",
        "Kunngjering og gjennomføring av anskaffingar.",
        {
            "sensitivity": "internal",
            "holdsData": "organisation;document",
            "supportsStandard": "utf-8;https;tls-1.2;ehf-espd",
        },
    ),
    (
        "proceedo",
        "eHandel",
        "okonomi",
        "Visma",
        "Visma Proceedo",
        "saas",
        "Bestilling frå innkjøpsavtalar (eHandel).",
        {
            "sensitivity": "internal",
            "holdsData": "organisation;invoice",
            "supportsStandard": "utf-8;https;tls-1.2;peppol-bis",
        },
    ),
    (
        "kontraktsregister",
        "Kontraktsregister",
        "okonomi",
        "Microsoft",
        "SharePoint Online (liste)",
        "saas",
        "Oversikt over avtalar og fornyingsdatoar.",
        {"sensitivity": "internal", "holdsData": "organisation;document"},
    ),
    (
        "kassasystem",
        "Kassasystem kulturhus",
        "okonomi",
        F4,
        "Kassa",
        "saas",
        "Kassasystem for kafé og billettsal i kulturhuset.",
        {"sensitivity": "internal", "holdsData": "payment"},
    ),
    (
        "bibliofil",
        "Biblioteksystem",
        "kultur-fritid",
        "Bibliotek-Systemer AS",
        "Bibliofil",
        "vendor-hosted",
        "Utlån, katalog og lånarregister i folkebiblioteket.",
        {"citizenFacing": True, "externallyPublished": True},
    ),
    (
        "primus",
        "Museumsdatabase",
        "kultur-fritid",
        "KulturIT",
        "Primus",
        "saas",
        "Registrering av gjenstandar og fotografi i kommunale samlingar.",
        {"sensitivity": "internal", "holdsData": "document"},
    ),
    (
        "kino",
        "Kinosystem",
        "kultur-fritid",
        F2,
        "Kinokasse",
        "saas",
        "Billettsal og programsetting for kinoen.",
        {"citizenFacing": True, "externallyPublished": True},
    ),
    (
        "ungdomsklubb",
        "Medlemsregister ungdomsklubb",
        "kultur-fritid",
        F0,
        "Klubbweb",
        "saas",
        "Medlemskap og aktivitetar i fritidsklubbane.",
        {},
    ),
    (
        "frivilligsentral",
        "Frivilligsentral",
        "kultur-fritid",
        F1,
        "Frivilligweb",
        "saas",
        "Register over frivillige og oppdrag.",
        {},
    ),
    (
        "krisestotte",
        "Krisestøtteverktøy",
        "brann-beredskap",
        F3,
        "Krisestøtte",
        "saas",
        "Loggføring og varsling i kriseleiing.",
        {"sensitivity": "confidential", "holdsData": "document;contact"},
    ),
    (
        "tilsyn-brann",
        "Feiing og branntilsyn",
        "brann-beredskap",
        F2,
        "Tilsynsweb",
        "saas",
        "Planlegging av feiing og tilsyn med fyringsanlegg.",
        {"sensitivity": "personal", "holdsData": "building;property;person"},
    ),
    (
        "eva-admin",
        "Valsystem",
        "annet",
        "Valdirektoratet",
        "EVA Admin",
        "saas",
        "Nasjonalt valsystem; manntal, stemmegjeving og oppteljing.",
        {"sensitivity": "personal", "holdsData": "person", "contractEnd": ""},
    ),
    (
        "prosjektstyring",
        "Prosjektstyring",
        "annet",
        "Microsoft",
        "Microsoft Project",
        "saas",
        "Prosjektportefølje for investeringsprosjekt.",
        {},
    ),
    (
        "naringsregister",
        "Næringsregister",
        "annet",
        F4,
        "Næringsweb",
        "saas",
        "Kontaktar i næringslivet.",
        {"sensitivity": "personal", "holdsData": "organisation;contact"},
    ),
    (
        "dns-dhcp",
        "DNS og DHCP",
        "infrastruktur",
        "Microsoft",
        "Windows Server DNS/DHCP",
        "on-premises",
        "Namneoppslag og adressetildeling i kommunenettet.",
        {"supportsStandard": "utf-8;dnssec;ipv6"},
    ),
    (
        "intern-pki",
        "Intern PKI",
        "infrastruktur",
        "Microsoft",
        "Active Directory Certificate Services",
        "on-premises",
        "Sertifikat for tenarar, klientar og trådlaust nett.",
        {},
    ),
    (
        "citrix",
        "Applikasjonsvirtualisering",
        "infrastruktur",
        "Citrix",
        "Citrix Virtual Apps",
        "on-premises",
        "Publisering av eldre Windows-program til tynnklientar.",
        {},
    ),
    (
        "teams-telefoni",
        "Telefoni i Teams",
        "infrastruktur",
        "Microsoft",
        "Microsoft Teams Phone",
        "saas",
        "Fasttelefoni for tilsette.",
        {"sensitivity": "personal", "holdsData": "contact;employee"},
    ),
    (
        "videomoterom",
        "Videomøterom",
        "infrastruktur",
        "Cisco",
        "Webex Devices",
        "saas",
        "Videoutstyr i møterom og kommunestyresal.",
        {},
    ),
    (
        "power-bi",
        "Styringsdata og rapportar",
        "annet",
        "Microsoft",
        "Power BI",
        "saas",
        "Leiarinformasjon frå økonomi, lønn og fagsystem.",
        {"sensitivity": "personal", "holdsData": "accounting;employee"},
    ),
    (
        "datavarehus",
        "Datavarehus",
        "annet",
        "Microsoft",
        "Microsoft Fabric",
        "public-cloud",
        "Samla data frå fagsystem for analyse og KOSTRA-kontroll.",
        {"sensitivity": "personal", "holdsData": "accounting;employee;person"},
    ),
    (
        "skanning",
        "Skanning og postmottak",
        "sak-arkiv",
        F2,
        "Postskann",
        "on-premises",
        "Skanning av inngåande papirpost før journalføring.",
        {"supportsStandard": "utf-8;pdfa-2"},
    ),
    (
        "microsoft-forms",
        "Enkle skjema og undersøkingar (internt)",
        "infrastruktur",
        "Microsoft",
        "Microsoft Forms",
        "saas",
        "Interne påmeldingar og spørjeskjema.",
        {},
    ),
    (
        "signering-tilsette",
        "Elektronisk signering av avtalar",
        "lonn-hr",
        "Signicat",
        "Signicat Sign",
        "saas",
        "Signering av arbeidsavtalar med BankID.",
        {"sensitivity": "personal", "holdsData": "employee;document"},
    ),
    ("skulebibliotek", "Skulebibliotek", "skole", F3, "Skulebok", "saas", "Utlån i skulebiblioteka.", {}),
    (
        "sprakkartlegging",
        "Språkkartlegging i barnehage",
        "barnehage",
        F0,
        "Språkspor",
        "saas",
        "Kartlegging av språkutvikling (samtykke frå føresette).",
        {},
    ),
    (
        "barnehageapp",
        "Barnehageappen",
        "barnehage",
        F4,
        "Barnehageappen",
        "saas",
        "Dagleg kommunikasjon mellom tilsette og føresette.",
        {},
    ),
    (
        "dorlas",
        "Digitale dørlåsar heimeteneste",
        "epj-helse-omsorg",
        "Phoniro",
        "Phoniro Care",
        "saas",
        "Digitale nøklar til brukarar i heimetenesta.",
        {"healthService": "hjemmetjeneste"},
    ),
    (
        "hjelpemiddellager",
        "Hjelpemiddellager",
        "epj-helse-omsorg",
        F1,
        "Hjelpemiddelweb",
        "saas",
        "Utlån av korttidshjelpemiddel.",
        {"sensitivity": "personal", "holdsData": "person"},
    ),
    (
        "smittesporing",
        "Smittesporing",
        "epj-helse-omsorg",
        F2,
        "Smittelogg",
        "saas",
        "Smittesporing under pandemien; avslutta, data sletta.",
        {"lifecycle": "retired", "contractEnd": "2022-06-30"},
    ),
    (
        "frisklivssentral",
        "Frisklivssentral",
        "epj-helse-omsorg",
        F3,
        "Frisklivweb",
        "saas",
        "Deltakarar og kurs ved frisklivssentralen.",
        {"sensitivity": "special-category", "holdsData": "patient"},
    ),
    (
        "legevakttelefoni",
        "Legevakttelefoni",
        "legevakt-legekontor",
        F4,
        "Akuttlinje",
        "saas",
        "Telefonkø og samtaleopptak for legevakt (116117).",
        {"sensitivity": "special-category", "holdsData": "patient;contact"},
    ),
    (
        "bymodell-3d",
        "3D-modell",
        "plan-bygg-geodata",
        F0,
        "Modell3D",
        "saas",
        "3D-modell av sentrumsområda.",
        {},
    ),
    (
        "geodatabase",
        "Geodatabase",
        "plan-bygg-geodata",
        "PostgreSQL Global Development Group",
        "PostgreSQL/PostGIS",
        "on-premises",
        "Lokal lagring av temadata og VA-data.",
        {"contractEnd": "", "supportsStandard": "utf-8;sosi;gml"},
    ),
    (
        "kartserver",
        "Kartserver",
        "plan-bygg-geodata",
        "OSGeo",
        "GeoServer",
        "on-premises",
        "Publiserer kommunale temakart som WMS/WFS.",
        {"contractEnd": "", "supportsStandard": "utf-8;wms;wfs;gml"},
    ),
    (
        "vegforvaltning",
        "Vegforvaltning",
        "eiendom-teknisk",
        F3,
        "Vegweb",
        "saas",
        "Register over kommunale vegar, skilt og vedlikehald.",
        {},
    ),
    (
        "gatelys",
        "Gatelysstyring",
        "eiendom-teknisk",
        F2,
        "Lysnett",
        "saas",
        "Styring og feilmelding for gatelys.",
        {},
    ),
    (
        "nokkelskap",
        "Nøkkelskap",
        "eiendom-teknisk",
        "ASSA ABLOY",
        "Traka",
        "on-premises",
        "Elektroniske nøkkelskap for tenestebilar og bygg.",
        {},
    ),
    (
        "reinhald",
        "Reinhaldsplanlegging",
        "eiendom-teknisk",
        F1,
        "Reinplan",
        "saas",
        "Reinhaldsplanar for kommunale bygg.",
        {},
    ),
    (
        "vassprover",
        "Vassprøveresultat",
        "vann-avlop",
        F0,
        "Labportal",
        "saas",
        "Analyseresultat frå vassverk og resipientar.",
        {},
    ),
    (
        "politikarregister",
        "Register over folkevalde",
        "politisk",
        F2,
        "Folkevald",
        "saas",
        "Utval, medlemer og møtegodtgjersle.",
        {"sensitivity": "personal", "holdsData": "person;payment"},
    ),
    (
        "nyhendebrev",
        "Nyhendebrev",
        "innbyggerportal",
        F1,
        "Nyhendebrev",
        "saas",
        "Nyhendebrev på e-post til innbyggjarar som melder seg på.",
        {"sensitivity": "personal", "holdsData": "contact"},
    ),
    (
        "questback",
        "Spørjeundersøkingar",
        "innbyggerportal",
        "Questback",
        "Questback Essentials",
        "saas",
        "Innbyggjar- og brukarundersøkingar.",
        {"sensitivity": "personal", "holdsData": "contact"},
    ),
    (
        "hoyringsportal",
        "Høyringsportal",
        "innbyggerportal",
        F4,
        "Høyring",
        "saas",
        "Innspel til høyringar og planar.",
        {
            "citizenFacing": True,
            "externallyPublished": True,
            "sensitivity": "personal",
            "holdsData": "person;document",
        },
    ),
    (
        "planmedverknad",
        "Digital medverknad i planar",
        "plan-bygg-geodata",
        F0,
        "Kartinnspel",
        "saas",
        "Innbyggjarar gir innspel i kart.",
        {
            "citizenFacing": True,
            "externallyPublished": True,
            "sensitivity": "personal",
            "holdsData": "contact;geodata",
        },
    ),
    (
        "configmgr",
        "Programvaredistribusjon",
        "itsm",
        "Microsoft",
        "Microsoft Configuration Manager",
        "on-premises",
        "Utrulling av programvare og oppdateringar.",
        {},
    ),
    (
        "confluence",
        "IT-dokumentasjon",
        "itsm",
        "Atlassian",
        "Confluence",
        "saas",
        "Driftsdokumentasjon og rutinar for IT.",
        {},
    ),
    (
        "10-faktor",
        "Medarbeidarundersøking",
        "lonn-hr",
        "KS",
        "10-FAKTOR",
        "saas",
        "Medarbeidarundersøking.",
        {"sensitivity": "personal", "holdsData": "employee"},
    ),
    (
        "bht-portal",
        "Bedriftshelseteneste",
        "lonn-hr",
        F2,
        "BHT-portal",
        "saas",
        "Bestilling og oppfølging frå bedriftshelsetenesta.",
        {"sensitivity": "special-category", "holdsData": "employee"},
    ),
    (
        "personalhandbok",
        "Personalhandbok",
        "lonn-hr",
        F1,
        "Handbok",
        "saas",
        "Personalpolitiske retningsliner.",
        {},
    ),
    (
        "innfordring",
        "Innfordring av krav",
        "okonomi",
        F3,
        "Inkasso",
        "saas",
        "Purring og innfordring av kommunale krav.",
        {"sensitivity": "personal", "holdsData": "person;invoice;payment"},
    ),
    (
        "nettbank",
        "Nettbank bedrift",
        "okonomi",
        F4,
        "Bedriftsbank",
        "saas",
        "Betalingar, kontoinformasjon og avstemming.",
        {"sensitivity": "personal", "holdsData": "payment;accounting"},
    ),
    (
        "ticketco",
        "Billettsal kulturhus",
        "kultur-fritid",
        "TicketCo AS",
        "TicketCo",
        "saas",
        "Billettsal til konsertar og førestillingar.",
        {"sensitivity": "personal", "holdsData": "contact;payment"},
    ),
    (
        "turkart",
        "Turkart",
        "kultur-fritid",
        F0,
        "Turweb",
        "saas",
        "Turstiar og friluftsområde i kart.",
        {"citizenFacing": True, "externallyPublished": True},
    ),
    (
        "meirope-bibliotek",
        "Meirope bibliotek",
        "kultur-fritid",
        F1,
        "Opent bibliotek",
        "saas",
        "Tilgang til biblioteket utanom bemanna opningstid.",
        {"sensitivity": "personal", "holdsData": "person"},
    ),
    (
        "roykdykkarlogg",
        "Røykdykkarlogg",
        "brann-beredskap",
        F1,
        "Innsatslogg",
        "saas",
        "Logg over røykdykking og eksponering.",
        {"sensitivity": "special-category", "holdsData": "employee"},
    ),
    (
        "kriseleiing-varsling",
        "Varsling av kriseleiinga",
        "brann-beredskap",
        F0,
        "Kallut",
        "saas",
        "Innkalling av kriseleiing på SMS og tale.",
        {"sensitivity": "personal", "holdsData": "contact;employee"},
    ),
    (
        "befolkningsvarsling",
        "Befolkningsvarsling",
        "brann-beredskap",
        F4,
        "Områdevarsel",
        "saas",
        "Lokasjonsbasert varsling på SMS til innbyggjarar i eit område.",
        {"sensitivity": "personal", "holdsData": "contact;address"},
    ),
    ("viltforvalting", "Viltforvalting", "annet", F2, "Viltweb", "saas", "Fellingsløyve og fallvilt.", {}),
    (
        "forureining",
        "Forureiningstilsyn",
        "annet",
        F0,
        "Tilsynsbok",
        "saas",
        "Tilsyn med forureining og nedgravne oljetankar.",
        {"sensitivity": "personal", "holdsData": "property;person"},
    ),
]

# Health and care tools that are not patient records (velferdsteknologi and the like): the category
# scheme has no own concept for them, and "epj-helse-omsorg" means an EPJ, so they go under "annet".
NOT_EPJ = {
    "checkware",
    "dignio",
    "sensio",
    "evondos",
    "roomate",
    "pasientvarsling",
    "matbestilling",
    "gps-demens",
    "dorlas",
    "hjelpemiddellager",
    "smittesporing",
    "frisklivssentral",
}


NN_NB = {
    "frå": "fra",
    "tilsette": "ansatte",
    "innbyggjarar": "innbyggere",
    "innbyggjar": "innbygger",
    "Innbyggjar": "Innbygger",
    "elevar": "elever",
    "lærarar": "lærere",
    "føresette": "foresatte",
    "skule": "skole",
    "Skule": "Skole",
    "skulebiblioteka": "skolebibliotekene",
    "Skulebibliotek": "Skolebibliotek",
    "skulefoto": "skolefoto",
    "Skulefotografering": "Skolefotografering",
    "barneskule": "barneskole",
    "ungdomsskule": "ungdomsskole",
    "barnetrinnet": "barnetrinnet",
    "sjukeheim": "sykehjem",
    "sjukeheimane": "sykehjemmene",
    "sjuke": "syke",
    "heimetenesta": "hjemmetjenesten",
    "heimebuande": "hjemmeboende",
    "heim": "hjem",
    "Digitale": "Digitale",
    "vassverk": "vannverk",
    "Vassprøveresultat": "Vannprøveresultat",
    "vassbrot": "vannbrudd",
    "vatn": "vann",
    "avlaup": "avløp",
    "vegar": "veier",
    "Vegforvaltning": "Veiforvaltning",
    "kommunale vegar": "kommunale veier",
    "eigedom": "eiendom",
    "ikkje": "ikke",
    "Dagleg": "Daglig",
    "dagleg": "daglig",
    "tenestebilar": "tjenestebiler",
    "tenester": "tjenester",
    "teneste": "tjeneste",
    "tenesta": "tjenesten",
    "tenarar": "servere",
    "Tenarplattform": "Serverplattform",
    "klientar": "klienter",
    "mobilar": "mobiler",
    "PC-ar": "PC-er",
    "nettbrett": "nettbrett",
    "oppdateringar": "oppdateringer",
    "Namneoppslag": "Navneoppslag",
    "Tryggingslogg": "Sikkerhetslogg",
    "tryggingslogg": "sikkerhetslogg",
    "Einingshandtering": "Enhetshåndtering",
    "Endepunktvern": "Endepunktbeskyttelse",
    "nyhende": "nyheter",
    "Nyhendebrev": "Nyhetsbrev",
    "rutinar": "rutiner",
    "Trådlaust": "Trådløst",
    "gjester": "gjester",
    "eldre": "eldre",
    "Utlån": "Utlån",
    "læremiddel": "læremidler",
    "Læringsspel": "Læringsspill",
    "spel": "spill",
    "teikneserie": "tegneserie",
    "Kartleggingsverktøy": "Kartleggingsverktøy",
    "prøver": "prøver",
    "kartleggingar": "kartlegginger",
    "Lese": "Lese",
    "Opplesing": "Opplesning",
    "Videoleksjonar": "Videoleksjoner",
    "Opne": "Åpne",
    "Påmelding": "Påmelding",
    "private barnehagar": "private barnehager",
    "Kommunikasjon": "Kommunikasjon",
    "Digital kartlegging": "Digital kartlegging",
    "kartleggingsskjema": "kartleggingsskjemaer",
    "Medisinsk avstandsoppfølging": "Medisinsk avstandsoppfølging",
    "Tryggleiksalarmar": "Trygghetsalarmer",
    "tryggleiksalarm": "trygghetsalarm",
    "sensorar": "sensorer",
    "medisindispensarar": "medisindispensere",
    "Pasientsignal": "Pasientsignal",
    "Bestilling": "Bestilling",
    "diettar": "dietter",
    "personar": "personer",
    "kvalifiserte": "kvalifiserte",
    "tolkar": "tolker",
    "Konvertering": "Konvertering",
    "Etterarbeid": "Etterarbeid",
    "Kortlesarar": "Kortlesere",
    "Timemålingar": "Timemålinger",
    "Elektronisk køyrebok": "Elektronisk kjørebok",
    "Køyrebok": "Kjørebok",
    "Brøyte- og strøloggar": "Brøyte- og strølogger",
    "Styring": "Styring",
    "pumpestasjonar": "pumpestasjoner",
    "reinseanlegg": "renseanlegg",
    "Sonemåling": "Sonemåling",
    "Tømeregister": "Tømmeregister",
    "avløpsanlegg": "avløpsanlegg",
    "tømingar": "tømminger",
    "Strøyming": "Strømming",
    "møte": "møter",
    "Direktesending": "Direktesending",
    "opptak": "opptak",
    "assistent": "assistent",
    "spørsmål": "spørsmål",
    "stengde": "stengte",
    "melder": "melder",
    "lys": "lys",
    "Utlysing": "Utlysning",
    "søknadshandsaming": "søknadsbehandling",
    "kursadministrasjon": "kursadministrasjon",
    "risikovurdering": "risikovurdering",
    "timeløna": "timelønte",
    "Reiserekning": "Reiseregning",
    "køyregodtgjersle": "kjøregodtgjørelse",
    "Kunngjering": "Kunngjøring",
    "gjennomføring": "gjennomføring",
    "anskaffingar": "anskaffelser",
    "innkjøpsavtalar": "innkjøpsavtaler",
    "avtalar": "avtaler",
    "fornyingsdatoar": "fornyelsesdatoer",
    "kafé": "kafé",
    "billettsal": "billettsalg",
    "Billettsal": "Billettsalg",
    "lånarregister": "lånerregister",
    "folkebiblioteket": "folkebiblioteket",
    "gjenstandar": "gjenstander",
    "fotografi": "fotografier",
    "samlingar": "samlinger",
    "programsetting": "programsetting",
    "Medlemskap": "Medlemskap",
    "aktivitetar": "aktiviteter",
    "fritidsklubbane": "fritidsklubbene",
    "frivillige": "frivillige",
    "Loggføring": "Loggføring",
    "kriseleiing": "kriseledelse",
    "kriseleiinga": "kriseledelsen",
    "fyringsanlegg": "fyringsanlegg",
    "valsystem": "valgsystem",
    "Valsystem": "Valgsystem",
    "manntal": "manntall",
    "stemmegjeving": "stemmegivning",
    "oppteljing": "opptelling",
    "Prosjektportefølje": "Prosjektportefølje",
    "investeringsprosjekt": "investeringsprosjekter",
    "Kontaktar": "Kontakter",
    "næringslivet": "næringslivet",
    "adressetildeling": "adressetildeling",
    "kommunenettet": "kommunenettet",
    "Sertifikat": "Sertifikater",
    "trådlaust": "trådløst",
    "Publisering": "Publisering",
    "Windows-program": "Windows-programmer",
    "tynnklientar": "tynnklienter",
    "Fasttelefoni": "Fasttelefoni",
    "Videoutstyr": "Videoutstyr",
    "kommunestyresal": "kommunestyresal",
    "Leiarinformasjon": "Lederinformasjon",
    "Styringsdata": "Styringsdata",
    "rapportar": "rapporter",
    "Samla": "Samlede",
    "inngåande": "inngående",
    "papirpost": "papirpost",
    "journalføring": "journalføring",
    "Interne": "Interne",
    "påmeldingar": "påmeldinger",
    "spørjeskjema": "spørreskjema",
    "undersøkingar": "undersøkelser",
    "Signering": "Signering",
    "arbeidsavtalar": "arbeidsavtaler",
    "Språkkartlegging": "Språkkartlegging",
    "språkutvikling": "språkutvikling",
    "samtykke": "samtykke",
    "Barnehageappen": "Barnehageappen",
    "dørlåsar": "dørlåser",
    "nøklar": "nøkler",
    "brukarar": "brukere",
    "korttidshjelpemiddel": "korttidshjelpemidler",
    "Smittesporing": "Smittesporing",
    "avslutta": "avsluttet",
    "sletta": "slettet",
    "Deltakarar": "Deltakere",
    "Telefonkø": "Telefonkø",
    "samtaleopptak": "samtaleopptak",
    "sentrumsområda": "sentrumsområdene",
    "Lokal": "Lokal",
    "lagring": "lagring",
    "temadata": "temadata",
    "Publiserer": "Publiserer",
    "temakart": "temakart",
    "skilt": "skilt",
    "vedlikehald": "vedlikehold",
    "feilmelding": "feilmelding",
    "gatelys": "gatelys",
    "Elektroniske": "Elektroniske",
    "nøkkelskap": "nøkkelskap",
    "Reinhaldsplanar": "Renholdsplaner",
    "Reinhaldsplanlegging": "Renholdsplanlegging",
    "Analyseresultat": "Analyseresultater",
    "resipientar": "resipienter",
    "Utval": "Utvalg",
    "medlemer": "medlemmer",
    "møtegodtgjersle": "møtegodtgjørelse",
    "folkevalde": "folkevalgte",
    "Innspel": "Innspill",
    "høyringar": "høringer",
    "Høyringsportal": "Høringsportal",
    "planar": "planer",
    "medverknad": "medvirkning",
    "gir": "gir",
    "Utrulling": "Utrulling",
    "programvare": "programvare",
    "Driftsdokumentasjon": "Driftsdokumentasjon",
    "Medarbeidarundersøking": "Medarbeiderundersøkelse",
    "bedriftshelsetenesta": "bedriftshelsetjenesten",
    "Bedriftshelseteneste": "Bedriftshelsetjeneste",
    "retningsliner": "retningslinjer",
    "Purring": "Purring",
    "Betalingar": "Betalinger",
    "konsertar": "konserter",
    "førestillingar": "forestillinger",
    "Turstiar": "Turstier",
    "friluftsområde": "friluftsområder",
    "Meirope": "Meråpent",
    "utanom": "utenom",
    "bemanna": "bemannet",
    "opningstid": "åpningstid",
    "Logg": "Logg",
    "røykdykking": "røykdykking",
    "Røykdykkarlogg": "Røykdykkerlogg",
    "Innkalling": "Innkalling",
    "Lokasjonsbasert": "Lokasjonsbasert",
    "eit": "et",
    "område": "område",
    "Fellingsløyve": "Fellingstillatelser",
    "Viltforvalting": "Viltforvaltning",
    "Forureiningstilsyn": "Forurensningstilsyn",
    "forureining": "forurensning",
    "nedgravne": "nedgravde",
    "oljetankar": "oljetanker",
    "avleverte": "avleverte",
    "hjå": "hos",
    "Sjølvbetent": "Selvbetjent",
    "Passordbyte": "Passordbytte",
    "passordbyte": "passordbytte",
    "utan": "uten",
    "fleirfaktor": "flerfaktor",
    "Møteromsbooking": "Møteromsbooking",
    "rådhuset": "rådhuset",
    "Lese- og skrivestøtte": "Lese- og skrivestøtte",
    "dysleksi": "dysleksi",
    "Innlevering": "Innlevering",
    "tilbakemelding": "tilbakemelding",
    "Pålogging": "Pålogging",
    "Oversikt": "Oversikt",
    "maskinvare": "maskinvare",
    "Eigedelsregister": "Eiendelsregister",
    "Laging": "Laging",
    "Register": "Register",
    "oppdrag": "oppdrag",
    "Kreative": "Kreative",
    "verktøy": "verktøy",
    "tankekart": "tankekart",
    "Quiz": "Quiz",
    "Resultat": "Resultater",
    "nasjonale": "nasjonale",
    "Lokaliseringsteknologi": "Lokaliseringsteknologi",
    "demens": "demens",
    "kronisk": "kronisk",
    "Automatiske": "Automatiske",
    "Sensor": "Sensor",
    "tilsyn": "tilsyn",
    "vaktrom": "vaktrom",
    "mat": "mat",
    "Journal": "Journal",
    "kommunal": "kommunal",
    "fysio-": "fysio-",
    "Skrivebords-GIS": "Skrivebords-GIS",
    "analyse": "analyse",
    "kartproduksjon": "kartproduksjon",
    "landmålingsdata": "landmålingsdata",
    "tilgang": "tilgang",
    "bygg": "bygg",
    "energibruk": "energibruk",
    "ventilasjon": "ventilasjon",
    "varme": "varme",
    "Overvaking": "Overvåking",
    "overvaking": "overvåking",
    "Lekkasjeovervaking": "Lekkasjeovervåking",
    "Nettverksovervaking": "Nettverksovervåking",
    "Driftskontroll": "Driftskontroll",
    "Sentral": "Sentral",
    "driftskontroll": "driftskontroll",
    "Varsling": "Varsling",
    "Utsending": "Utsending",
    "Meld": "Meld",
    "feil": "feil",
    "veg": "vei",
    "Rekruttering": "Rekruttering",
    "E-læring": "E-læring",
    "Kvalitets-": "Kvalitets-",
    "avvikssystem": "avvikssystem",
    "Avvik": "Avvik",
    "dokumentstyring": "dokumentstyring",
    "Timeregistrering": "Timeregistrering",
    "ekstrahjelp": "ekstrahjelp",
    "utlegg": "utlegg",
    "Budsjett": "Budsjett",
    "økonomiplan": "økonomiplan",
    "årsrapport": "årsrapport",
    "Kassasystem": "Kassasystem",
    "kulturhuset": "kulturhuset",
    "kinoen": "kinoen",
    "Museumsdatabase": "Museumsdatabase",
    "Registrering": "Registrering",
    "kommunale": "kommunale",
    "Medlemsregister": "Medlemsregister",
    "ungdomsklubb": "ungdomsklubb",
    "Frivilligsentral": "Frivilligsentral",
    "Krisestøtteverktøy": "Krisestøtteverktøy",
    "varsling": "varsling",
    "Feiing": "Feiing",
    "branntilsyn": "branntilsyn",
    "Planlegging": "Planlegging",
    "feiing": "feiing",
    "Nasjonalt": "Nasjonalt",
    "Næringsregister": "Næringsregister",
    "nettverk": "nettverk",
    "Tilgang": "Tilgang",
    "Digitalt": "Digitalt",
    "depot": "depot",
    "Innsyn": "Innsyn",
    "arkiv": "arkiv",
    "depotinstitusjonen": "depotinstitusjonen",
    "Intern": "Intern",
    "Applikasjonsvirtualisering": "Applikasjonsvirtualisering",
    "Telefoni": "Telefoni",
    "Videomøterom": "Videomøterom",
    "Datavarehus": "Datavarehus",
    "fagsystem": "fagsystemer",
    "KOSTRA-kontroll": "KOSTRA-kontroll",
    "Skanning": "Skanning",
    "postmottak": "postmottak",
    "Enkle": "Enkle",
    "skjema": "skjema",
    "undersøkingar (internt)": "undersøkelser (internt)",
    "Elektronisk": "Elektronisk",
    "signering": "signering",
    "BankID": "BankID",
    "innbyggjarspørsmål": "innbyggerspørsmål",
    "Virtuell": "Virtuell",
    "nettstaden": "nettstedet",
    "Chatbot": "Chatbot",
    "politiske": "politiske",
    "stader": "steder",
    "Lagring": "Lagring",
    "Utleige": "Utleie",
    "innbyggjartorg": "innbyggertorg",
    "læringsspel": "læringsspill",
    "elev-iPadar": "elev-iPader",
    "Handtering": "Håndtering",
    "handtering": "håndtering",
    "heimeoppfølging": "hjemmeoppfølging",
    "heimeteneste": "hjemmetjeneste",
    "Innbyggjarar": "Innbyggere",
    "Spørjeundersøkingar": "Spørreundersøkelser",
    "brukarundersøkingar": "brukerundersøkelser",
    "innspel": "innspill",
    "tilkopling": "tilkobling",
    "slamtøming": "slamtømming",
}
_NN_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, NN_NB), key=len, reverse=True)) + r")\b")


def bokmal(text: str) -> str:
    """Rough nynorsk -> bokmål for the generic pool rows Drammen (a bokmål kommune) uses."""
    return _NN_RE.sub(lambda m: NN_NB[m.group(1)], text)


def add_pool(inv: Inventory, n: int, exclude: set[str] = frozenset()):
    candidates = [p for p in POOL if p[0] not in inv.systems and p[0] not in exclude]
    picked = inv.rng.sample(candidates, min(n, len(candidates)))
    for pid, name, cat, vendor, product, hosting, desc, extra in sorted(picked, key=lambda p: POOL.index(p)):
        extra = dict(extra)
        browser = extra.pop("browserBased", hosting in ("saas", "vendor-hosted"))
        extra.setdefault("archiveRelevant", False)
        if pid in NOT_EPJ:
            owner_nn, owner_nb = PROFILE["epj-helse-omsorg"][4:6]
            extra.setdefault("owner", owner_nn if inv.nynorsk else owner_nb)
            extra.setdefault("sensitivity", "special-category")
            extra.setdefault("holdsData", "patient")
            cat = "annet"
        if pid != "eva-admin":  # only systems fed from Folkeregisteret hold "person" (resident data)
            holds = split(extra.get("holdsData", PROFILE[cat][1]))
            if "person" in holds:
                extra["holdsData"] = ";".join(dict.fromkeys(h if h != "person" else "contact" for h in holds))
        if pid == "fysio-journal":
            extra["supportsStandard"] = f"utf-8;https;tls-1.2;html5;{EPJ_STANDARDS}"
            extra.pop("healthService", None)
        if not inv.nynorsk:
            name, desc = bokmal(name), bokmal(desc)
        inv.sys(pid, name, cat, vendor, product, hosting, desc, browserBased=browser, **extra)
        if extra.get("lifecycle") == "retired":
            continue
        if pid == "fysio-journal":
            inv.health_messaging(pid, kjernejournal=False)
        if pid == "eva-admin":
            inv.flow(
                "folkeregisteret",
                pid,
                "Manntal frå Folkeregisteret" if inv.nynorsk else "Manntall fra Folkeregisteret",
                fmt="JSON",
                carries="person;address",
                kommunenummer=True,
                description="Valdirektoratet hentar manntalet per kommunenummer; kommunen kontrollerer og rettar."
                if inv.nynorsk
                else "Valgdirektoratet henter manntallet per kommunenummer; kommunen kontrollerer og retter.",
            )
        if pid == "sentinel":
            inv.flow(
                "entra-id",
                pid,
                "Påloggingslogg til SIEM",
                protocol="https",
                fmt="JSON (diagnostikk)",
                auth="oauth2",
                carries="employee",
            )
        elif pid == "m365" and "m365-skule" not in inv.systems:
            inv.sso(pid, "oidc")
        else:
            inv.sso(pid)


# ---------------------------------------------------------------------------------------------
# Alver (4631): XLSX, ~180 systems
# ---------------------------------------------------------------------------------------------


def build_alver() -> Inventory:
    inv = Inventory("4631", "Alver", nynorsk=True, seed=SEED + 4631)
    inv.meta = meta(
        inv,
        "Fiktiv systemoversikt for Alver kommune (kommunenummeret er ekte, innhaldet er oppdikta for demonstrasjon). "
        "Drift av fellessystem i det fiktive samarbeidet " + IKS_NAME + " saman med Osterøy.",
    )
    add_iks(inv, "4630")
    # --- helse og omsorg
    inv.sys(
        "gerica",
        "Pleie- og omsorgsjournal",
        "epj-helse-omsorg",
        "TietoEvry",
        "Gerica",
        hosting="vendor-hosted",
        description="EPJ for sjukeheim, heimeteneste, psykisk helse og tenestekontor; vedtak om tenester.",
        healthService="sykehjem;hjemmetjeneste;psykisk-helse-rus",
        sendsToCitizens=True,
        browserBased=False,
        supportsStandard=f"utf-8;pdfa-1a;{EPJ_STANDARDS}",
    )
    inv.iface("gerica-api", "gerica", "Gerica integrasjonsgrensesnitt", "rest", "JSON", auth="oauth2")
    inv.sso("gerica", "saml2")
    inv.folkereg("gerica")
    inv.health_messaging("gerica", kjernejournal=True)
    inv.krr("gerica")
    inv.svarut("gerica")
    inv.to_archive("gerica", "elements", "decision;document")
    inv.flow(
        "gerica",
        "ressursstyring",
        "Tenestemottakarar og oppdrag til planlegging",
        via="integrasjonsplattform",
        iface="gerica-api",
        auth="oauth2",
        carries="patient",
    )
    inv.sys(
        "legevakt-epj",
        "Journal for legevakt og legekontor",
        "legevakt-legekontor",
        "CompuGroup Medical",
        "CGM Journal",
        hosting="vendor-hosted",
        description="EPJ for legevakt og kommunalt tilsette fastlegar.",
        healthService="legevakt;fastlege",
        supportsStandard=f"utf-8;{EPJ_STANDARDS}",
        browserBased=False,
        archiveRelevant=False,
    )
    inv.sso("legevakt-epj", "saml2")
    inv.health_messaging("legevakt-epj", kjernejournal=True, eresept=True)
    inv.flow(
        "helsenorge",
        "legevakt-epj",
        "Timebestilling og e-kontakt frå Helsenorge",
        mode="message",
        protocol="ebxml",
        fmt="KITH XML (dialogmelding)",
        tls="vpn",
        auth="virksomhetssertifikat",
        carries="patient",
    )
    inv.sys(
        "sampro",
        "Individuell plan",
        "annet",
        "Visma",
        "Sampro",
        owner=PROFILE["epj-helse-omsorg"][4],
        sensitivity="special-category",
        holdsData="patient;document",
        description="Individuell plan og koordinering; innbyggjar og tilsette samarbeider.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        healthService="hjemmetjeneste;psykisk-helse-rus",
    )
    inv.idporten("sampro")
    inv.sso("sampro")
    # --- oppvekst
    inv.sys(
        "flyt-barnevern",
        "Fagsystem barnevern",
        "barnevern",
        "Visma",
        "Visma Flyt Barnevern",
        description="Saksbehandling i barnevernstenesta; arkivkopling, digital post og oppslag i FREG/ER.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyt-barnevern")
    inv.folkereg("flyt-barnevern", "person;address;child")
    inv.krr("flyt-barnevern")
    inv.svarut("flyt-barnevern")
    inv.to_archive("flyt-barnevern", "elements", "document;case;decision")
    inv.flow(
        "digibarnevern",
        "flyt-barnevern",
        "Bekymringsmeldingar frå nasjonal portal",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (bekymringsmelding)",
        carries="child;case",
        via="fiks-io",
    )
    inv.sys(
        "flyt-ppt",
        "Fagsystem PPT",
        "ppt",
        "Visma",
        "Visma Flyt PPT",
        description="Saksbehandling og sakkunnige vurderingar i PP-tenesta.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyt-ppt")
    inv.folkereg("flyt-ppt", "person;child")
    inv.krr("flyt-ppt")
    inv.svarut("flyt-ppt")
    inv.to_archive("flyt-ppt", "elements")
    inv.sys(
        "flyvo",
        "Flyktning og vaksenopplæring",
        "flyktning-voksenopplaering",
        "Visma",
        "Visma FlyVo",
        description="Introduksjonsprogram, norskopplæring og busetjing.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyvo")
    inv.folkereg("flyvo")
    inv.krr("flyvo")
    inv.svarut("flyvo")
    inv.to_archive("flyvo", "elements")
    inv.flow(
        "flyvo",
        "visma-okonomi",
        "Introduksjonsstønad til utbetaling",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="payment;person",
    )
    inv.sys(
        "extens",
        "Skuleadministrativt system",
        "skole",
        "IST",
        "IST Extens",
        hosting="vendor-hosted",
        description="Elevregister, fråvær, vurdering og vitnemål for grunnskulen.",
        sendsToCitizens=True,
        browserBased=True,
        archiveRelevant=True,
        holdsData="pupil;person;decision",
    )
    inv.iface("extens-api", "extens", "Extens eksport-API", "rest", "JSON", auth="oauth2")
    inv.sso("extens")
    inv.folkereg("extens", "person;address;child")
    inv.krr("extens")
    inv.svarut("extens")
    inv.to_archive("extens", "elements", "decision;document")
    inv.sys(
        "vigilo",
        "Skule- og barnehageportal",
        "skole",
        "Vigilo AS",
        "Vigilo",
        description="Kommunikasjon med føresette, fråværsmelding og meldingsbok.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
    )
    inv.idporten("vigilo")
    inv.flow(
        "extens",
        "vigilo",
        "Elevar, grupper og føresette til skuleportalen",
        iface="extens-api",
        auth="oauth2",
        carries="pupil;person;contact",
        via="integrasjonsplattform",
    )
    inv.sys(
        "unique-barnehage",
        "Barnehageadministrasjon",
        "barnehage",
        "Visma",
        "Visma Unique barnehage",
        hosting="vendor-hosted",
        description="Opptak, plassar, foreldrebetaling og søknadsportal.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sendsToCitizens=True,
        holdsData="child;person;decision;invoice",
    )
    inv.iface(
        "unique-barnehage-api", "unique-barnehage", "Fakturagrunnlag-API", "rest", "JSON", auth="oauth2"
    )
    inv.idporten("unique-barnehage")
    inv.sso("unique-barnehage")
    inv.folkereg("unique-barnehage", "person;address;child")
    inv.krr("unique-barnehage")
    inv.svarut("unique-barnehage")
    inv.flow(
        "unique-barnehage",
        "visma-okonomi",
        "Fakturagrunnlag foreldrebetaling",
        via="integrasjonsplattform",
        iface="unique-barnehage-api",
        auth="oauth2",
        carries="invoice;person",
    )
    inv.sys(
        "unique-kulturskule",
        "Kulturskuleadministrasjon",
        "kulturskole",
        "Visma",
        "Visma Unique kulturskole",
        hosting="vendor-hosted",
        description="Elevar, søknad om plass og fakturagrunnlag.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
    )
    inv.idporten("unique-kulturskule")
    inv.sso("unique-kulturskule")
    inv.flow(
        "unique-kulturskule",
        "visma-okonomi",
        "Fakturagrunnlag kulturskule",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )
    # --- NAV, gravplass
    inv.sys(
        "visma-velferd",
        "Sosialtenester (NAV kommune)",
        "nav-sosial",
        "Visma",
        "Visma Velferd",
        hosting="vendor-hosted",
        description="Økonomisk sosialhjelp og kvalifiseringsprogram.",
        sendsToCitizens=True,
        browserBased=False,
    )
    inv.sso("visma-velferd", "saml2")
    inv.folkereg("visma-velferd")
    inv.krr("visma-velferd")
    inv.svarut("visma-velferd")
    inv.to_archive("visma-velferd", "elements", "decision;document")
    inv.flow(
        "nav",
        "visma-velferd",
        "Digitale søknader om sosialhjelp (Fiks Digisos)",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (Digisos)",
        carries="person;case",
        via="ks-fiks",
    )
    inv.flow(
        "visma-velferd",
        "visma-okonomi",
        "Utbetalingar sosialhjelp",
        mode="file-transfer",
        protocol="sftp",
        fmt="Utbetalingsfil (XML)",
        tls="ssh",
        auth="ssh-key",
        carries="payment;person",
        iface="filsluse-sftp",
        via="filsluse",
    )
    inv.sys(
        "ecclesia",
        "Gravplassforvaltning",
        "gravplass",
        "Ecclesia Systemer AS",
        "Ecclesia",
        description="Gravregister, festeavtalar og gravkart.",
        sendsToCitizens=False,
        browserBased=True,
    )
    inv.folkereg("ecclesia", "person")
    inv.sso("ecclesia")
    inv.flow(
        "ecclesia",
        "visma-okonomi",
        "Festeavgift til fakturering",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )
    # --- plan, bygg, geodata, VA, eigedomsskatt
    inv.sys(
        "komtek-byggesak",
        "Byggesak",
        "plan-bygg-geodata",
        "Norkart",
        "Komtek Byggesak",
        hosting="vendor-hosted",
        description="Byggesakshandsaming; søknader frå Fellestjenester BYGG, arkivering i Elements.",
        sensitivity="personal",
        holdsData="property;building;case;contact",
    )
    inv.sso("komtek-byggesak")
    inv.matrikkel("komtek-byggesak")
    inv.to_archive("komtek-byggesak", "elements", "case;document;decision")
    inv.sys(
        "kommunekart",
        "Kartløysing (innsyn)",
        "plan-bygg-geodata",
        "Norkart",
        "Kommunekart",
        description="Kartinnsyn for innbyggjarar og tilsette; planar, eigedomsgrenser, VA.",
        citizenFacing=True,
        externallyPublished=True,
        contractEnd="2025-12-31",
        supportsStandard="utf-8;https;tls-1.2;hsts;html5;wcag-2.1-aa;en-301-549-v3.2.1;sosi;wms;wfs",
    )
    inv.matrikkel("kommunekart", "property;building;address;geodata")
    inv.flow(
        "geonorge",
        "kommunekart",
        "Grunnkart og temadata frå Geonorge (WMS/WFS)",
        protocol="wms-wfs",
        fmt="WMS 1.3 / WFS 2.0 (GML)",
        auth="none",
        carries="geodata",
    )
    inv.sys(
        "gisline",
        "Matrikkelføring og GIS",
        "plan-bygg-geodata",
        "Norkart",
        "Gisline",
        hosting="vendor-hosted",
        description="Føring av matrikkelen (lokal matrikkelstyresmakt), kart og planregister.",
        sensitivity="personal",
        holdsData="property;building;address;geodata;plan",
    )
    inv.sso("gisline", "saml2")
    inv.matrikkel("gisline", "property;building;address")
    inv.flow(
        "gisline",
        "matrikkelen",
        "Føring av matrikkelendringar",
        protocol="soap",
        fmt="XML (MatrikkelAPI)",
        auth="basic",
        carries="property;building;address",
        kommunenummer=True,
    )
    inv.flow(
        "gisline",
        "kommunekart",
        "Plan- og temakart til innsyn",
        protocol="wms-wfs",
        fmt="WMS/WFS",
        auth="none",
        carries="geodata;plan",
    )
    inv.sys(
        "arealplaner",
        "Planregister og planinnsyn",
        "plan-bygg-geodata",
        "Norkart",
        "Arealplaner.no",
        description="Digitalt planregister med innsyn i gjeldande og pågåande planar.",
        citizenFacing=True,
        externallyPublished=True,
        supportsStandard="utf-8;https;tls-1.2;hsts;html5;wcag-2.1-aa;en-301-549-v3.2.1;sosi",
    )
    inv.flow(
        "gisline",
        "arealplaner",
        "Plandata til planregister",
        protocol="wms-wfs",
        fmt="SOSI / GML",
        auth="api-key",
        carries="plan;geodata",
    )
    inv.sys(
        "gemini-va",
        "Ledningskartverk VA",
        "vann-avlop",
        "Norconsult Digital",
        "Gemini VA",
        hosting="on-premises",
        description="Leidningsnett for vatn og avlaup, abonnentar og målarar.",
        sensitivity="personal",
        holdsData="geodata;property;contact",
        browserBased=False,
    )
    inv.iface(
        "gemini-va-gebyrfil",
        "gemini-va",
        "Målaravlesingar til gebyr (fil)",
        "sftp",
        "Fast breidde (flat fil)",
        charset="iso-8859-1",
        tls="ssh",
        auth="ssh-key",
        standards="",
        description="Lokalt oppsett frå 2014: nattleg eksport av vassmålaravlesingar som ISO-8859-1-fil.",
    )
    inv.matrikkel("gemini-va", "property;address")
    inv.sys(
        "komtek-gebyr",
        "Kommunale avgifter (forbruksgebyr)",
        "eiendomsskatt",
        "Norkart",
        "Komtek Forbruksgebyr",
        hosting="vendor-hosted",
        description="Gebyr for vatn, avlaup, renovasjon og feiing; fakturagrunnlag.",
        sendsToCitizens=False,
        holdsData="property;person;invoice",
        archiveRelevant=False,
    )
    inv.sso("komtek-gebyr")
    inv.matrikkel("komtek-gebyr", "property;address")
    inv.folkereg("komtek-gebyr", "person;address")
    inv.flow(
        "gemini-va",
        "komtek-gebyr",
        "Vassmålaravlesingar til gebyrutrekning",
        mode="file-transfer",
        protocol="sftp",
        fmt="Fast breidde (flat fil)",
        charset="iso-8859-1",
        tls="ssh",
        auth="ssh-key",
        carries="property",
        iface="gemini-va-gebyrfil",
        id="gemini-va-til-komtek-gebyr",
        description="SKAL RETTAST: filen er ISO-8859-1; æ/ø/å i adresser blir feil hjå mottakar.",
    )
    inv.flow(
        "komtek-gebyr",
        "visma-okonomi",
        "Fakturagrunnlag kommunale avgifter",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;property",
    )
    inv.sys(
        "komtek-eigedomsskatt",
        "Eigedomsskatt",
        "eiendomsskatt",
        "Norkart",
        "Komtek Eiendomsskatt",
        hosting="vendor-hosted",
        description="Takst, utskriving og klagehandsaming for eigedomsskatt; skattesetlar til eigarar.",
        sendsToCitizens=True,
        holdsData="property;person;decision",
    )
    inv.sso("komtek-eigedomsskatt")
    inv.matrikkel("komtek-eigedomsskatt", "property;building;address")
    inv.folkereg("komtek-eigedomsskatt", "person;address")
    inv.krr("komtek-eigedomsskatt")
    inv.svarut("komtek-eigedomsskatt")
    inv.to_archive("komtek-eigedomsskatt", "elements", "decision;document")
    inv.flow(
        "komtek-eigedomsskatt",
        "visma-okonomi",
        "Fakturagrunnlag eigedomsskatt",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;property",
    )
    inv.sys(
        "plania",
        "FDV for kommunale bygg",
        "eiendom-teknisk",
        "Plania AS",
        "Plania",
        description="Forvalting, drift og vedlikehald; arbeidsordrar og husleige.",
        browserBased=True,
    )
    inv.sso("plania")
    inv.matrikkel("plania", "property;building")
    # --- innbyggjartenester
    inv.sys(
        "nettstad",
        "Nettstaden alver.kommune.example",
        "innbyggerportal",
        "Enonic AS",
        "Enonic XP",
        description="Kommunen sin nettstad med tenesteskildringar og nyhende.",
        citizenFacing=True,
        externallyPublished=True,
        url=inv.url("www"),
    )
    inv.sso("nettstad")
    inv.sys(
        "minside",
        "Mi side",
        "innbyggerportal",
        "KS",
        "KS Fiks MinKommune",
        description="Innbyggjaren sin oversikt over saker, søknader og post frå kommunen.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="contact;case;document",
        url=inv.url("minside"),
    )
    inv.idporten("minside")
    inv.flow(
        "elements",
        "minside",
        "Innsyn i eigne saker",
        iface="elements-api",
        auth="oauth2",
        carries="case;document;person",
        via="integrasjonsplattform",
    )
    inv.sys(
        "acos-interact",
        "Skjemaløysing",
        "innbyggerportal",
        "Acos",
        "Acos Interact",
        description="Elektroniske søknadsskjema med innlogging; innsendingar til sak/arkiv.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="contact;document;case",
    )
    inv.idporten("acos-interact")
    inv.flow(
        "acos-interact",
        "elements",
        "Innsende skjema til arkiv",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="document;person;case",
    )
    inv.krr("acos-interact")
    inv.sys(
        "acos-booking",
        "Booking av lokale og utstyr",
        "kultur-fritid",
        "Acos",
        "Acos Booking",
        description="Utleige av idrettshallar, lokale og utstyr med betaling.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        holdsData="contact;payment",
    )
    inv.idporten("acos-booking")
    inv.flow(
        "acos-booking",
        "visma-okonomi",
        "Fakturagrunnlag utleige",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )

    # ---------------- deliberate shortcomings (see examples/README.md) -----------------------
    # A-1 (ISO-8859-1 file interface) is gemini-va-gebyrfil above; A-2 expired contract is kommunekart above.
    inv.sys(
        "tilskotsportal",
        "Tilskotsportal for lag og organisasjonar",
        "kultur-fritid",
        "Alver kommune (egenutvikla)",
        "Tilskotsportal",
        hosting="on-premises",
        description="Eigenutvikla søknadsportal for kultur- og idrettstilskot (2015).",
        citizenFacing=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="organisation;contact;decision",
        url=inv.url("tilskot"),
    )
    inv.iface(
        "tilskotsportal-api",
        "tilskotsportal",
        "Søknads-API for lag og organisasjonar",
        "https",
        "JSON",
        tls="tls1.0",
        auth="api-key",
        external=True,
        ipv6=True,
        standards="utf-8",
        url="https://tilskot.alver.kommune.example/api/",
        description="Lokal IIS på Windows Server 2012 R2; berre TLS 1.0 slått på.",
    )
    inv.sso("tilskotsportal")
    inv.flow(
        "tilskotsportal",
        "elements",
        "Tilskotssøknader til arkiv",
        iface="tilskotsportal-api",
        protocol="https",
        tls="tls1.0",
        auth="api-key",
        carries="document;organisation",
        via="integrasjonsplattform",
    )
    inv.sys(
        "kommunale-bustader",
        "Tildeling av kommunale bustader",
        "annet",
        "Kystsystem AS (fiktiv)",
        "Bustadweb",
        description="Søknad, tildeling og vedtak om kommunal bustad; vedtaksbrev sendt som e-post med vedlegg.",
        sendsToCitizens=True,
        sendsEmailAttachments=True,
        archiveRelevant=True,
        sensitivity="confidential",
        holdsData="person;decision;property",
        notifiesElectronically=True,
    )
    inv.sso("kommunale-bustader")
    inv.folkereg("kommunale-bustader", "person;address")
    inv.to_archive("kommunale-bustader", "elements", "decision;document")
    inv.sys(
        "skjenkeloyve",
        "Serverings- og skjenkeløyve",
        "annet",
        "Alver kommune (egenutvikla)",
        "Løyveregister",
        hosting="on-premises",
        description="Eigenutvikla register for serverings-, skjenke- og salsløyve; søknader hentast frå Altinn.",
        archiveRelevant=True,
        sensitivity="personal",
        holdsData="organisation;contact;decision",
        browserBased=True,
    )
    inv.sso("skjenkeloyve")
    inv.flow(
        "altinn-2",
        "skjenkeloyve",
        "Søknader om skjenkeløyve frå Altinn II",
        mode="message",
        protocol="soap",
        fmt="XML (Altinn II-skjema)",
        auth="virksomhetssertifikat",
        carries="organisation;document",
        description="Hentar framleis frå Altinn II-formidlingstenesta; ikkje flytta til Altinn 3.",
    )
    inv.to_archive("skjenkeloyve", "elements", "decision;document")
    inv.sys(
        "kulturkalender",
        "Kulturkalender",
        "kultur-fritid",
        "Alver kommune (egenutvikla)",
        "Kulturkalender",
        hosting="on-premises",
        description="Eigenutvikla arrangementskalender (2012) for lag og kulturhus.",
        citizenFacing=True,
        externallyPublished=True,
        browserBased=True,
        ipv6=True,
        htmlVersion="HTML 4.01",
        accessibilityStatement="2024-05-14",
        sensitivity="open",
        personalData=False,
        supportsStandard="utf-8;https;tls-1.2;html-4.01;wcag-2.0-aa",
        url=inv.url("kultur"),
        lacksStandard="wcag-2.1-aa;hsts",  # its own statement: WCAG 2.0 AA only, no HSTS header
    )
    inv.sys(
        "filtenar-2012",
        "Filtenar (felles område)",
        "infrastruktur",
        "Microsoft",
        "Windows Server 2012 R2",
        hosting="on-premises",
        version="2012 R2",
        description="Gammal filtenar med felles område for einingane; ikkje migrert til SharePoint.",
        endOfLife="2023-10-10",
        contractEnd="2027-06-30",
        sensitivity="confidential",
        holdsData="document;employee",
    )
    inv.sso("filtenar-2012", "saml2")
    inv.sys(
        "tilskotsregister",
        "Tilskotsregister (rekneark)",
        "annet",
        None,
        "Excel-arbeidsbok",
        hosting="on-premises",
        description="Oversikt over tildelte tilskot, vedlikehalden i eit delt rekneark.",
        owner="",
        archiveRelevant=True,
        sensitivity="personal",
        holdsData="organisation;contact;payment",
    )
    inv.flow(
        "tilskotsregister",
        "visma-okonomi",
        "Utbetalingsliste tilskot",
        mode="manual",
        protocol="other",
        fmt="Excel via e-post",
        charset="unknown",
        tls="none",
        auth="none",
        carries="payment;organisation",
    )
    inv.sys(
        "startlan",
        "Startlån og bustadtilskot",
        "annet",
        "Elvedata AS (fiktiv)",
        "Lånebase",
        hosting="on-premises",
        description="Lokal database for startlån og tilskot; ingen koplingar.",
        archiveRelevant=True,
        sensitivity="confidential",
        holdsData="person;decision;payment",
        browserBased=False,
    )
    inv.sys(
        "websak",
        "Sak/arkiv teknisk (gammal)",
        "sak-arkiv",
        "Acos",
        "WebSak",
        hosting="on-premises",
        description="Eldre sak/arkiv som teknisk eining framleis brukar for nye saker; skulle vore fasa ut.",
        browserBased=True,
        holdsData="case;document;decision;contact",
    )
    inv.sso("websak", "saml2")
    inv.svarut("websak")

    add_depot(inv, "elements", ("visma-okonomi", "ecclesia", "websak"))
    add_pool(inv, 200)
    return inv


# ---------------------------------------------------------------------------------------------
# Osterøy (4630): CSV, ~55 systems
# ---------------------------------------------------------------------------------------------


def build_osteroy() -> Inventory:
    inv = Inventory("4630", "Osterøy", nynorsk=True, seed=SEED + 4630)
    inv.meta = meta(
        inv,
        "Fiktiv systemoversikt for Osterøy kommune (kommunenummeret er ekte, innhaldet er oppdikta for demonstrasjon). "
        "Drift av fellessystem i det fiktive samarbeidet " + IKS_NAME + " saman med Alver.",
    )
    add_iks(inv, "4631")
    inv.sys(
        "profil",
        "Pleie- og omsorgsjournal",
        "epj-helse-omsorg",
        "Visma",
        "Profil",
        hosting="vendor-hosted",
        description="EPJ for sjukeheim og heimeteneste; vedtak om tenester.",
        healthService="sykehjem;hjemmetjeneste",
        sendsToCitizens=True,
        browserBased=False,
        supportsStandard=f"utf-8;pdfa-1a;{EPJ_STANDARDS}",
    )
    inv.sso("profil", "saml2")
    inv.folkereg("profil")
    inv.health_messaging("profil", kjernejournal=False)
    inv.krr("profil")
    inv.svarut("profil")
    inv.to_archive("profil", "elements", "decision;document")
    inv.flow(
        "profil",
        "ressursstyring",
        "Tenestemottakarar og oppdrag til planlegging",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="patient",
    )
    inv.sys(
        "legekontor-epj",
        "Journal for legekontor",
        "legevakt-legekontor",
        "Infodoc AS",
        "Infodoc Plenario",
        hosting="vendor-hosted",
        description="EPJ for kommunalt legekontor.",
        healthService="fastlege",
        supportsStandard=f"utf-8;{EPJ_STANDARDS}",
        browserBased=False,
        archiveRelevant=False,
    )
    inv.sso("legekontor-epj", "saml2")
    inv.health_messaging("legekontor-epj", kjernejournal=True, eresept=True)
    inv.sys(
        "flyt-barnevern",
        "Fagsystem barnevern",
        "barnevern",
        "Visma",
        "Visma Flyt Barnevern",
        description="Saksbehandling i barnevernstenesta.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyt-barnevern")
    inv.folkereg("flyt-barnevern", "person;address;child")
    inv.krr("flyt-barnevern")
    inv.svarut("flyt-barnevern")
    inv.to_archive("flyt-barnevern", "elements", "document;case;decision")
    inv.flow(
        "digibarnevern",
        "flyt-barnevern",
        "Bekymringsmeldingar frå nasjonal portal",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (bekymringsmelding)",
        carries="child;case",
        via="fiks-io",
    )
    inv.sys(
        "extens",
        "Skuleadministrativt system",
        "skole",
        "IST",
        "IST Extens",
        hosting="vendor-hosted",
        description="Elevregister, fråvær og vurdering.",
        sendsToCitizens=True,
        browserBased=True,
        archiveRelevant=True,
        holdsData="pupil;person;decision",
    )
    inv.sso("extens")
    inv.folkereg("extens", "person;address;child")
    inv.krr("extens")
    inv.svarut("extens")
    inv.to_archive("extens", "elements", "decision;document")
    inv.sys(
        "flyt-barnehage",
        "Barnehageadministrasjon",
        "barnehage",
        "Visma",
        "Visma Flyt Barnehage",
        description="Opptak, foreldrebetaling og kommunikasjon med føresette.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sendsToCitizens=True,
        holdsData="child;person;decision;invoice",
    )
    inv.idporten("flyt-barnehage")
    inv.sso("flyt-barnehage")
    inv.folkereg("flyt-barnehage", "person;address;child")
    inv.krr("flyt-barnehage")
    inv.svarut("flyt-barnehage")
    inv.flow(
        "flyt-barnehage",
        "visma-okonomi",
        "Fakturagrunnlag foreldrebetaling",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )
    inv.sys(
        "speedadmin",
        "Kulturskuleadministrasjon",
        "kulturskole",
        "Speedadmin",
        "Speedadmin",
        description="Elevar, timeplanar og søknad om plass i kulturskulen.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
    )
    inv.idporten("speedadmin")
    inv.sso("speedadmin")
    inv.sys(
        "ecclesia",
        "Gravplassforvaltning",
        "gravplass",
        "Ecclesia Systemer AS",
        "Ecclesia",
        description="Gravregister og festeavtalar.",
        browserBased=True,
    )
    inv.folkereg("ecclesia", "person")
    inv.sso("ecclesia")
    inv.sys(
        "komtek",
        "Byggesak, eigedomsskatt og gebyr",
        "plan-bygg-geodata",
        "Norkart",
        "Komtek",
        hosting="vendor-hosted",
        description="Byggesak, eigedomsskatt og kommunale avgifter i ei løysing.",
        sensitivity="personal",
        holdsData="property;building;case;person;invoice",
        sendsToCitizens=True,
    )
    inv.sso("komtek")
    inv.matrikkel("komtek")
    inv.folkereg("komtek", "person;address")
    inv.krr("komtek")
    inv.svarut("komtek")
    inv.to_archive("komtek", "elements", "case;document;decision")
    inv.flow(
        "komtek",
        "visma-okonomi",
        "Fakturagrunnlag eigedomsskatt og avgifter",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;property",
    )
    inv.sys(
        "kommunekart",
        "Kartløysing (innsyn)",
        "plan-bygg-geodata",
        "Norkart",
        "Kommunekart",
        description="Kartinnsyn for innbyggjarar og tilsette.",
        citizenFacing=True,
        externallyPublished=True,
        supportsStandard="utf-8;https;tls-1.2;hsts;html5;wcag-2.1-aa;en-301-549-v3.2.1;sosi;wms;wfs",
    )
    inv.matrikkel("kommunekart", "property;building;address;geodata")
    inv.flow(
        "geonorge",
        "kommunekart",
        "Grunnkart og temadata frå Geonorge (WMS/WFS)",
        protocol="wms-wfs",
        fmt="WMS 1.3 / WFS 2.0 (GML)",
        auth="none",
        carries="geodata",
    )
    inv.sys(
        "gemini-va",
        "Ledningskartverk VA",
        "vann-avlop",
        "Norconsult Digital",
        "Gemini VA",
        hosting="on-premises",
        description="Leidningsnett for vatn og avlaup.",
        browserBased=False,
    )
    inv.matrikkel("gemini-va", "property;address")
    inv.sys(
        "visma-velferd",
        "Sosialtenester (NAV kommune)",
        "nav-sosial",
        "Visma",
        "Visma Velferd",
        hosting="vendor-hosted",
        description="Økonomisk sosialhjelp.",
        sendsToCitizens=True,
        browserBased=False,
    )
    inv.sso("visma-velferd", "saml2")
    inv.folkereg("visma-velferd")
    inv.krr("visma-velferd")
    inv.svarut("visma-velferd")
    inv.to_archive("visma-velferd", "elements", "decision;document")
    inv.flow(
        "nav",
        "visma-velferd",
        "Digitale søknader om sosialhjelp (Fiks Digisos)",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (Digisos)",
        carries="person;case",
        via="ks-fiks",
    )
    inv.sys(
        "minside",
        "Mi side",
        "innbyggerportal",
        "KS",
        "KS Fiks MinKommune",
        description="Innbyggjaren sin oversikt over saker og post.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="contact;case;document",
        url=inv.url("minside"),
    )
    inv.idporten("minside")
    inv.flow(
        "elements",
        "minside",
        "Innsyn i eigne saker",
        iface="elements-api",
        auth="oauth2",
        carries="case;document;person",
        via="integrasjonsplattform",
    )

    # ---------------- deliberate shortcomings (see examples/README.md) -----------------------
    inv.sys(
        "nettstad",
        "Nettstaden osteroy.kommune.example",
        "innbyggerportal",
        F1,
        "Nettstadmotor",
        description="Kommunen sin nettstad; sist testa mot WCAG 2.0 ved lansering.",
        citizenFacing=True,
        externallyPublished=True,
        htmlVersion="HTML5",
        accessibilityStatement="2025-03-10",
        supportsStandard="utf-8;https;tls-1.2;hsts;html5;wcag-2.0-aa",
        url=inv.url("www"),
        lacksStandard="wcag-2.1-aa",  # tested against WCAG 2.0 only
    )
    inv.sso("nettstad")
    inv.sys(
        "gebyrregister",
        "Lokalt gebyr- og abonnentregister",
        "eiendomsskatt",
        "Osterøy kommune (egenutvikla)",
        "Access-database",
        hosting="on-premises",
        description="Eigenutvikla register over private vassverk og abonnentar; oppdaterast frå gammal folkeregisterfil.",
        sensitivity="personal",
        holdsData="person;address;property",
        browserBased=False,
        archiveRelevant=False,
    )
    inv.iface(
        "gebyrregister-eksport",
        "gebyrregister",
        "Eksport av gebyrgrunnlag",
        "file-share",
        "CSV (semikolon)",
        charset="windows-1252",
        tls="none",
        auth="ad",
        standards="",
        description="CSV lagra frå Access på felles filområde; Windows-1252.",
    )
    inv.flow(
        "folkeregisteret-legacy",
        "gebyrregister",
        "Bustadadresser frå gammal folkeregisterleveranse",
        mode="file-transfer",
        protocol="sftp",
        fmt="Fast breidde (gammalt FREG-uttrekk)",
        charset="iso-8859-1",
        tls="ssh",
        auth="ssh-key",
        carries="person;address",
        kommunenummer=True,
        description="Batchfil frå den gamle leveransen; ikkje lagt om til Fiks Folkeregister.",
    )
    inv.flow(
        "gebyrregister",
        "visma-okonomi",
        "Gebyrgrunnlag private vassverk",
        mode="file-transfer",
        protocol="file-share",
        fmt="CSV (semikolon)",
        charset="windows-1252",
        tls="none",
        auth="ad",
        carries="invoice;person",
        iface="gebyrregister-eksport",
    )
    inv.sys(
        "skjenkeregister",
        "Register over skjenkestader",
        "annet",
        "Kystsystem AS (fiktiv)",
        "Løyvebok",
        description="Løyve og kontrollar av skjenkestader; ingen koplingar til arkiv eller andre system.",
        archiveRelevant=True,
        sensitivity="personal",
        holdsData="organisation;person;decision",
        browserBased=True,
    )
    inv.sys(
        "fotoarkiv",
        "Fotoarkiv",
        "kultur-fritid",
        "KulturIT",
        "DigitaltMuseum (lokal samling)",
        description="Lokalhistoriske foto; eigar ikkje avklart etter omorganisering.",
        owner="",
        sensitivity="personal",
        holdsData="document",
    )
    inv.sso("fotoarkiv")

    add_depot(inv, "elements", ("visma-okonomi", "ecclesia"))
    add_pool(inv, 24)
    return inv


# ---------------------------------------------------------------------------------------------
# Drammen (3301): JSON, ~120 systems
# ---------------------------------------------------------------------------------------------


def build_drammen() -> Inventory:
    inv = Inventory("3301", "Drammen", nynorsk=False, seed=SEED + 3301)
    inv.meta = meta(
        inv,
        "Fiktiv systemoversikt for Drammen kommune (kommunenummeret er ekte, innholdet er oppdiktet for demonstrasjon).",
    )
    it = "IT-avdelingen (fiktiv)"
    inv.sys(
        "entra-id",
        "Microsoft Entra ID",
        "infrastruktur",
        "Microsoft",
        "Microsoft Entra ID",
        description="Identitet, flerfaktor og SSO for ansatte.",
        holdsData="employee",
        sensitivity="personal",
    )
    inv.iface("entra-id-saml", "entra-id", "SAML 2.0 IdP", "saml2", "SAML 2.0", auth="saml2")
    inv.iface("entra-id-oidc", "entra-id", "OpenID Connect IdP", "oidc", "JWT", auth="oauth2")
    inv.sys(
        "integrasjonsplattform",
        "Integrasjonsplattform",
        "integrasjon",
        "Microsoft",
        "Azure Integration Services",
        hosting="public-cloud",
        integrationPlatform=True,
        description="API-forvaltning, meldingskøer og arbeidsflyt mellom fagsystemer.",
    )
    inv.iface(
        "integrasjonsplattform-api",
        "integrasjonsplattform",
        "API-portal (API Management)",
        "rest",
        "JSON (OpenAPI 3)",
        auth="oauth2",
    )
    inv.sys(
        "eformidling-ip",
        "eFormidling integrasjonspunkt",
        "integrasjon",
        "Digitaliseringsdirektoratet",
        "Integrasjonspunkt (eFormidling 2)",
        hosting="public-cloud",
        integrationPlatform=True,
        contractEnd="",
        description="Integrasjonspunkt for eFormidling.",
        operatedBy=it,
    )
    inv.iface(
        "eformidling-ip-api",
        "eformidling-ip",
        "Integrasjonspunkt REST",
        "rest",
        "SBD/SBDH JSON + ASiC-E",
        auth="virksomhetssertifikat",
    )
    inv.sys(
        "public360",
        "Sak/arkiv",
        "sak-arkiv",
        "TietoEvry",
        "Public 360",
        version="2025 R2",
        hosting="vendor-hosted",
        description="Sak- og arkivsystem (Noark 5) for hele kommunen.",
        sendsToCitizens=True,
        sendsEmailAttachments=True,
        browserBased=True,
    )
    inv.iface(
        "public360-fiks-arkiv",
        "public360",
        "Fiks Arkiv-mottak",
        "fiks-io",
        "Fiks Arkiv-melding (XML)",
        auth="maskinporten",
        standards="utf-8;noark-5;fiks-arkiv-protokoll",
    )
    inv.iface("public360-api", "public360", "360 REST API", "rest", "JSON", auth="oauth2")
    inv.sso("public360", "saml2")
    inv.svarut("public360")
    inv.krr("public360")
    inv.folkereg("public360")
    inv.flow(
        "svarinn",
        "public360",
        "Innkommende post via SvarInn",
        mode="message",
        fmt="JSON + PDF",
        carries="document",
        via="ks-fiks",
    )
    inv.flow(
        "public360",
        "einnsyn",
        "Offentlig journal til eInnsyn",
        mode="message",
        fmt="arkivmelding (SBD)",
        via="eformidling-ip;eformidling",
        iface="eformidling-ip-api",
        auth="virksomhetssertifikat",
        carries="document;case",
    )
    inv.sys(
        "vsa",
        "Arkivkjerne for fagsystemer",
        "arkivkjerne",
        "Visma",
        "Visma Samhandling Arkiv",
        description="Noark 5-kjerne for fagsystemer uten egen arkivdel (helse og omsorg, oppvekst).",
    )
    inv.flow(
        "vsa",
        "public360",
        "Periodisk avlevering av arkivdeler",
        mode="file-transfer",
        protocol="sftp",
        fmt="Noark 5 arkivuttrekk (XML)",
        tls="ssh",
        auth="ssh-key",
        carries="document;case",
    )
    inv.sys(
        "politisk-mote",
        "Politisk møtebehandling",
        "politisk",
        "TietoEvry",
        "Public 360 (møtebehandling)",
        hosting="vendor-hosted",
        description="Møteplan, saksframlegg og møtebøker; politikerportal.",
        citizenFacing=True,
        externallyPublished=True,
    )
    inv.flow(
        "public360",
        "politisk-mote",
        "Saker til møtebehandling",
        iface="public360-api",
        auth="oauth2",
        carries="case;document",
    )
    inv.sys(
        "unit4-erp",
        "Økonomi",
        "okonomi",
        "Unit4",
        "Unit4 ERP",
        hosting="vendor-hosted",
        description="Regnskap, fakturamottak, innkjøp og prosjekt.",
        receivesInvoices=True,
        browserBased=True,
    )
    inv.iface("unit4-erp-api", "unit4-erp", "Unit4 REST API", "rest", "JSON", auth="oauth2")
    inv.sso("unit4-erp")
    inv.elma("unit4-erp")
    inv.flow(
        "enhetsregisteret",
        "unit4-erp",
        "Leverandøroppslag i Enhetsregisteret",
        auth="none",
        carries="organisation",
    )
    inv.flow(
        "unit4-erp",
        "kostra",
        "KOSTRA-rapportering (regnskap)",
        mode="file-transfer",
        protocol="https",
        fmt="XML (KOSTRA-filformat)",
        carries="accounting",
        kommunenummer=True,
    )
    inv.sys(
        "unit4-hr",
        "Lønn og personal",
        "lonn-hr",
        "Unit4",
        "Unit4 ERP (lønn og HR)",
        hosting="vendor-hosted",
        description="Lønn, personal og A-melding.",
        browserBased=True,
    )
    inv.iface("unit4-hr-api", "unit4-hr", "HR-API", "rest", "JSON", auth="oauth2")
    inv.sso("unit4-hr")
    inv.flow(
        "unit4-hr",
        "a-ordningen",
        "A-melding",
        mode="message",
        fmt="A-melding XML",
        carries="employee;payment",
        kommunenummer=True,
    )
    inv.flow(
        "unit4-hr",
        "public360",
        "Dokumenter til personalmappe i sak/arkiv",
        mode="message",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="document;employee",
    )
    inv.flow(
        "unit4-hr",
        "entra-id",
        "Ansattdata til katalog (HR-master)",
        via="integrasjonsplattform",
        iface="unit4-hr-api",
        auth="oauth2",
        carries="employee",
    )
    inv.sys(
        "turnus",
        "Turnus og vaktplan",
        "lonn-hr",
        "Visma",
        "Visma Ressursstyring",
        sensitivity="personal",
        archiveRelevant=False,
        holdsData="employee",
        description="Turnus og vaktplan for helse og omsorg.",
        browserBased=True,
    )
    inv.sso("turnus")
    inv.flow(
        "turnus",
        "unit4-hr",
        "Variable tillegg til lønn",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="employee;payment",
    )
    # helse og omsorg
    inv.sys(
        "gerica",
        "Pleie- og omsorgsjournal",
        "epj-helse-omsorg",
        "TietoEvry",
        "Gerica",
        hosting="vendor-hosted",
        description="EPJ for sykehjem, hjemmetjeneste og tildelingskontor.",
        sendsToCitizens=True,
        healthService="sykehjem;hjemmetjeneste;psykisk-helse-rus",
        browserBased=False,
        supportsStandard=f"utf-8;pdfa-1a;{EPJ_STANDARDS}",
    )
    inv.sso("gerica", "saml2")
    inv.folkereg("gerica")
    inv.health_messaging("gerica", kjernejournal=True)
    inv.krr("gerica")
    inv.svarut("gerica")
    inv.to_archive("gerica", "vsa", "decision;document")
    inv.flow(
        "gerica",
        "turnus",
        "Tjenestemottakere og oppdrag",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="patient",
    )
    inv.sys(
        "legevakt-epj",
        "Journal for legevakt",
        "legevakt-legekontor",
        "CompuGroup Medical",
        "CGM Journal",
        hosting="vendor-hosted",
        description="EPJ for legevakt og kommunale legekontor.",
        healthService="legevakt;fastlege",
        supportsStandard=f"utf-8;{EPJ_STANDARDS}",
        browserBased=False,
        archiveRelevant=False,
    )
    inv.sso("legevakt-epj", "saml2")
    inv.health_messaging("legevakt-epj", kjernejournal=True, eresept=True)
    inv.flow(
        "helsenorge",
        "legevakt-epj",
        "Timebestilling og e-kontakt fra Helsenorge",
        mode="message",
        protocol="ebxml",
        fmt="KITH XML (dialogmelding)",
        tls="vpn",
        auth="virksomhetssertifikat",
        carries="patient",
    )
    inv.sys(
        "sampro",
        "Individuell plan",
        "annet",
        "Visma",
        "Sampro",
        owner=PROFILE["epj-helse-omsorg"][5],
        sensitivity="special-category",
        holdsData="patient;document",
        description="Individuell plan og koordinering.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        healthService="hjemmetjeneste;psykisk-helse-rus",
    )
    inv.idporten("sampro")
    inv.sso("sampro")
    # oppvekst
    inv.sys(
        "modulus-barn",
        "Fagsystem barnevern",
        "barnevern",
        "Netcompany",
        "Modulus Barn",
        description="Saksbehandling i barneverntjenesten.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("modulus-barn")
    inv.folkereg("modulus-barn", "person;address;child")
    inv.krr("modulus-barn")
    inv.svarut("modulus-barn")
    inv.to_archive("modulus-barn", "public360", "document;case;decision")
    inv.flow(
        "digibarnevern",
        "modulus-barn",
        "Bekymringsmeldinger fra nasjonal portal",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (bekymringsmelding)",
        carries="child;case",
        via="fiks-io",
    )
    inv.sys(
        "flyt-ppt",
        "Fagsystem PPT",
        "ppt",
        "Visma",
        "Visma Flyt PPT",
        description="Saksbehandling i PP-tjenesten.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyt-ppt")
    inv.folkereg("flyt-ppt", "person;child")
    inv.krr("flyt-ppt")
    inv.svarut("flyt-ppt")
    inv.to_archive("flyt-ppt", "vsa")
    inv.sys(
        "flyvo",
        "Flyktning og voksenopplæring",
        "flyktning-voksenopplaering",
        "Visma",
        "Visma FlyVo",
        description="Introduksjonsprogram og bosetting.",
        sendsToCitizens=True,
        browserBased=True,
    )
    inv.sso("flyvo")
    inv.folkereg("flyvo")
    inv.krr("flyvo")
    inv.svarut("flyvo")
    inv.to_archive("flyvo", "vsa")
    inv.sys(
        "flyt-skole",
        "Skoleadministrativt system",
        "skole",
        "Visma",
        "Visma Flyt Skole",
        description="Elevregister, fravær, vurdering og kommunikasjon med foresatte.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sendsToCitizens=True,
        archiveRelevant=True,
        holdsData="pupil;person;decision",
    )
    inv.idporten("flyt-skole")
    inv.sso("flyt-skole")
    inv.folkereg("flyt-skole", "person;address;child")
    inv.krr("flyt-skole")
    inv.svarut("flyt-skole")
    inv.to_archive("flyt-skole", "vsa", "decision;document")
    inv.sys(
        "flyt-barnehage",
        "Barnehageadministrasjon",
        "barnehage",
        "Visma",
        "Visma Flyt Barnehage",
        description="Opptak, foreldrebetaling og kommunikasjon med foresatte.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sendsToCitizens=True,
        holdsData="child;person;decision;invoice",
    )
    inv.iface(
        "flyt-barnehage-api",
        "flyt-barnehage",
        "Fakturagrunnlag-API",
        "rest",
        "JSON",
        auth="oauth2",
        description="Leverandørens API for fakturagrunnlag; levert, men ikke tatt i bruk.",
    )
    inv.idporten("flyt-barnehage")
    inv.sso("flyt-barnehage")
    inv.folkereg("flyt-barnehage", "person;address;child")
    inv.krr("flyt-barnehage")
    inv.svarut("flyt-barnehage")
    inv.sys(
        "speedadmin",
        "Kulturskoleadministrasjon",
        "kulturskole",
        "Speedadmin",
        "Speedadmin",
        description="Elever, timeplaner og søknad om plass.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
    )
    inv.idporten("speedadmin")
    inv.sso("speedadmin")
    inv.flow(
        "speedadmin",
        "unit4-erp",
        "Fakturagrunnlag kulturskole",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )
    inv.sys(
        "hspro",
        "Helsestasjonsjournal",
        "helsestasjon",
        "Visma",
        "HsPro",
        description="EPJ for helsestasjon og skolehelsetjenesten.",
        healthService="helsestasjon",
        supportsStandard=f"utf-8;{EPJ_STANDARDS}",
    )
    inv.sso("hspro", "saml2")
    inv.folkereg("hspro", "person;address;child")
    inv.health_messaging("hspro", kjernejournal=False)
    inv.to_archive("hspro", "vsa", "document")
    inv.sys(
        "visma-velferd",
        "Sosialtjenester (NAV kommune)",
        "nav-sosial",
        "Visma",
        "Visma Velferd",
        hosting="vendor-hosted",
        description="Økonomisk sosialhjelp og kvalifiseringsprogram.",
        sendsToCitizens=True,
        browserBased=False,
    )
    inv.sso("visma-velferd", "saml2")
    inv.folkereg("visma-velferd")
    inv.krr("visma-velferd")
    inv.svarut("visma-velferd")
    inv.to_archive("visma-velferd", "public360", "decision;document")
    inv.flow(
        "nav",
        "visma-velferd",
        "Digitale søknader om sosialhjelp (Fiks Digisos)",
        mode="message",
        protocol="fiks-io",
        fmt="JSON (Digisos)",
        carries="person;case",
        via="ks-fiks",
    )
    inv.sys(
        "ecclesia",
        "Gravplassforvaltning",
        "gravplass",
        "Ecclesia Systemer AS",
        "Ecclesia",
        description="Gravregister og festeavtaler.",
        browserBased=True,
    )
    inv.folkereg("ecclesia", "person")
    inv.sso("ecclesia")
    # plan, bygg, teknisk
    inv.sys(
        "komtek-byggesak",
        "Byggesak",
        "plan-bygg-geodata",
        "Norkart",
        "Komtek Byggesak",
        hosting="vendor-hosted",
        description="Byggesaksbehandling.",
        sensitivity="personal",
        holdsData="property;building;case;contact",
    )
    inv.sso("komtek-byggesak")
    inv.matrikkel("komtek-byggesak")
    inv.to_archive("komtek-byggesak", "public360", "case;document;decision")
    inv.sys(
        "komtek-eiendomsskatt",
        "Eiendomsskatt og kommunale avgifter",
        "eiendomsskatt",
        "Norkart",
        "Komtek Eiendomsskatt",
        hosting="vendor-hosted",
        description="Eiendomsskatt og gebyrer.",
        sendsToCitizens=True,
        holdsData="property;person;decision;invoice",
    )
    inv.sso("komtek-eiendomsskatt")
    inv.matrikkel("komtek-eiendomsskatt")
    inv.folkereg("komtek-eiendomsskatt", "person;address")
    inv.krr("komtek-eiendomsskatt")
    inv.svarut("komtek-eiendomsskatt")
    inv.to_archive("komtek-eiendomsskatt", "public360", "decision;document")
    inv.flow(
        "komtek-eiendomsskatt",
        "unit4-erp",
        "Fakturagrunnlag eiendomsskatt og avgifter",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;property",
    )
    inv.sys(
        "gisline",
        "Matrikkelføring og GIS",
        "plan-bygg-geodata",
        "Norkart",
        "Gisline",
        hosting="vendor-hosted",
        description="Matrikkelføring og kartforvaltning.",
        sensitivity="personal",
        holdsData="property;building;address;geodata;plan",
    )
    inv.sso("gisline", "saml2")
    inv.matrikkel("gisline", "property;building;address")
    inv.flow(
        "gisline",
        "matrikkelen",
        "Føring av matrikkelendringer",
        protocol="soap",
        fmt="XML (MatrikkelAPI)",
        auth="basic",
        carries="property;building;address",
        kommunenummer=True,
    )
    inv.sys(
        "kommunekart",
        "Kartløsning (innsyn)",
        "plan-bygg-geodata",
        "Norkart",
        "Kommunekart",
        description="Kartinnsyn for innbyggere.",
        citizenFacing=True,
        externallyPublished=True,
        supportsStandard="utf-8;https;tls-1.2;hsts;html5;wcag-2.1-aa;en-301-549-v3.2.1;sosi;wms;wfs",
    )
    inv.matrikkel("kommunekart", "property;building;address;geodata")
    inv.flow(
        "geonorge",
        "kommunekart",
        "Grunnkart og temadata fra Geonorge",
        protocol="wms-wfs",
        fmt="WMS 1.3 / WFS 2.0 (GML)",
        auth="none",
        carries="geodata",
    )
    inv.flow(
        "gisline",
        "kommunekart",
        "Plan- og temakart til innsyn",
        protocol="wms-wfs",
        fmt="WMS/WFS",
        auth="none",
        carries="geodata;plan",
    )
    inv.sys(
        "gemini-va",
        "Ledningskartverk VA",
        "vann-avlop",
        "Norconsult Digital",
        "Gemini VA",
        hosting="on-premises",
        description="Ledningsnett for vann og avløp.",
        browserBased=False,
    )
    inv.matrikkel("gemini-va", "property;address")
    inv.sys(
        "plania",
        "FDV for kommunale bygg",
        "eiendom-teknisk",
        "Plania AS",
        "Plania",
        description="Forvaltning, drift og vedlikehold.",
        browserBased=True,
    )
    inv.sso("plania")
    inv.matrikkel("plania", "property;building")
    inv.sys(
        "servicenow",
        "IT-tjenestestyring",
        "itsm",
        "ServiceNow",
        "ServiceNow ITSM",
        description="Brukerstøtte, endringer og CMDB for IT-avdelingen.",
        browserBased=True,
    )
    inv.sso("servicenow")
    inv.flow(
        "entra-id",
        "servicenow",
        "Brukere og grupper til CMDB",
        protocol="rest",
        fmt="JSON (Microsoft Graph)",
        auth="oauth2",
        carries="employee",
    )
    # innbyggertjenester
    inv.sys(
        "nettsted",
        "Nettstedet drammen.kommune.example",
        "innbyggerportal",
        "Enonic AS",
        "Enonic XP",
        description="Kommunens nettsted.",
        citizenFacing=True,
        externallyPublished=True,
        url=inv.url("www"),
    )
    inv.sso("nettsted")
    inv.sys(
        "minside",
        "Min side",
        "innbyggerportal",
        "KS",
        "KS Fiks MinKommune",
        description="Innbyggerens oversikt over saker, søknader og post.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="contact;case;document",
        url=inv.url("minside"),
    )
    inv.idporten("minside")
    inv.flow(
        "public360",
        "minside",
        "Innsyn i egne saker",
        iface="public360-api",
        auth="oauth2",
        carries="case;document;person",
        via="integrasjonsplattform",
    )
    inv.sys(
        "acos-interact",
        "Skjemaløsning",
        "innbyggerportal",
        "Acos",
        "Acos Interact",
        description="Elektroniske søknadsskjema.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="contact;document;case",
    )
    inv.idporten("acos-interact")
    inv.krr("acos-interact")
    inv.flow(
        "acos-interact",
        "public360",
        "Innsendte skjema til arkiv",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="document;person;case",
    )
    inv.sys(
        "acos-booking",
        "Booking av lokaler",
        "kultur-fritid",
        "Acos",
        "Acos Booking",
        description="Utleie av haller og lokaler.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        holdsData="contact;payment",
    )
    inv.idporten("acos-booking")
    inv.flow(
        "acos-booking",
        "unit4-erp",
        "Fakturagrunnlag utleie",
        via="integrasjonsplattform",
        iface="integrasjonsplattform-api",
        auth="oauth2",
        carries="invoice;person",
    )
    inv.sys(
        "filserver",
        "Filserver (fellesområder)",
        "infrastruktur",
        "Microsoft",
        "Windows Server 2022",
        hosting="on-premises",
        description="Fellesområder for enhetene.",
        sensitivity="confidential",
        holdsData="document;employee",
    )

    # ---------------- deliberate shortcomings (see examples/README.md) -----------------------
    inv.flow(
        "flyt-barnehage",
        "filserver",
        "Fakturagrunnlag eksporteres til fil",
        mode="manual",
        protocol="file-share",
        fmt="CSV eksportert for hånd",
        auth="ad",
        tls="none",
        carries="invoice;person",
        description="Saksbehandler eksporterer CSV hver måned og legger den på fellesområdet.",
    )
    inv.flow(
        "filserver",
        "unit4-erp",
        "Fakturagrunnlag importeres for hånd",
        mode="manual",
        protocol="other",
        fmt="CSV importert for hånd",
        charset="windows-1252",
        tls="none",
        auth="ad",
        carries="invoice;person",
        description="Økonomi åpner filen i Excel, retter og importerer; leverandørens API (flyt-barnehage-api) er ikke tatt i bruk.",
    )
    inv.sys(
        "topdesk",
        "Brukerstøtte skole",
        "itsm",
        "TOPdesk",
        "TOPdesk",
        description="Eget ITSM-verktøy for skole-IT, parallelt med ServiceNow.",
        contractEnd="2026-03-31",
        browserBased=True,
    )
    inv.sso("topdesk")
    inv.sys(
        "parkering-okonomi",
        "Økonomi for parkeringsvirksomheten",
        "okonomi",
        "Kystsystem AS (fiktiv)",
        "Parkregnskap",
        description="Eget regnskap for parkeringsvirksomheten; leverandørfakturaer kommer som PDF på e-post.",
        receivesInvoices=True,
        supportsStandard="utf-8;https;tls-1.2",
        holdsData="accounting;invoice;payment",
        lacksStandard="ehf-billing-3.0;peppol-bis",  # invoices arrive as PDF by e-mail
    )
    inv.sso("parkering-okonomi")
    inv.flow(
        "parkering-okonomi",
        "unit4-erp",
        "Månedlig bilagsoverføring",
        mode="file-transfer",
        protocol="sftp",
        fmt="CSV",
        tls="ssh",
        auth="ssh-key",
        carries="accounting",
    )
    inv.sys(
        "parkering-portal",
        "Parkeringstillatelser",
        "innbyggerportal",
        "Drammen kommune (egenutviklet)",
        "Parkeringsportal",
        hosting="on-premises",
        description="Egenutviklet søknadsportal for beboerparkering; kun IPv4 i DMZ.",
        citizenFacing=True,
        citizenLogin=True,
        externallyPublished=True,
        ipv6=False,
        sensitivity="personal",
        holdsData="person;address;payment",
        url=inv.url("parkering"),
    )
    inv.idporten("parkering-portal")
    inv.folkereg("parkering-portal", "person;address")
    inv.sso("parkering-portal")
    inv.sys(
        "vannmaler",
        "Egenavlesning av vannmåler",
        "vann-avlop",
        "Drammen kommune (egenutviklet)",
        "Måleravlesning",
        hosting="on-premises",
        description="Egenutviklet skjema for innbyggernes egenavlesning av vannmåler.",
        citizenFacing=True,
        externallyPublished=True,
        sensitivity="personal",
        holdsData="property;contact",
        url=inv.url("vannmaler"),
    )
    inv.iface(
        "vannmaler-api",
        "vannmaler",
        "Avlesnings-API",
        "http",
        "JSON",
        tls="none",
        auth="api-key",
        external=True,
        ipv6=True,
        standards="utf-8",
        url="http://vannmaler.drammen.kommune.example/api/",
        description="Eksponert uten TLS fra gammel applikasjonsserver.",
    )
    inv.flow(
        "vannmaler",
        "komtek-eiendomsskatt",
        "Måleravlesninger til gebyrberegning",
        iface="vannmaler-api",
        protocol="http",
        tls="none",
        auth="api-key",
        carries="property",
    )
    inv.sys(
        "sms-varsel",
        "Varsling på SMS (egenutviklet)",
        "innbyggerportal",
        "Drammen kommune (egenutviklet)",
        "SMS-varsel",
        hosting="on-premises",
        description="Egenutviklet SMS-varsling ved vannbrudd og stengte veier; slår opp mobilnummer i KRR.",
        sendsToCitizens=True,
        sensitivity="personal",
        holdsData="contact;address",
        notifiesElectronically=True,
    )
    inv.flow(
        "krr-soap",
        "sms-varsel",
        "Mobilnummer fra KRR (SOAP)",
        protocol="soap",
        fmt="XML (KRR SOAP)",
        auth="virksomhetssertifikat",
        carries="contact;person",
        description="Gammel SOAP-klient fra 2016; ikke lagt om til REST-oppslagstjenesten.",
    )
    inv.sys(
        "skoleskyss",
        "Skoleskyss-søknader",
        "skole",
        "Drammen kommune (egenutviklet)",
        "Skyssweb",
        hosting="on-premises",
        description="Egenutviklet behandling av søknader om skoleskyss; vedtak sendes som Word-vedlegg på e-post.",
        sendsEmailAttachments=True,
        sendsToCitizens=True,
        archiveRelevant=True,
        sensitivity="personal",
        holdsData="pupil;person;decision",
        supportsStandard="utf-8;ooxml",
        browserBased=True,
        lacksStandard="pdfa-1a",  # Word attachments
    )
    inv.sso("skoleskyss")
    inv.folkereg("skoleskyss", "person;address;child")
    inv.krr("skoleskyss")
    inv.to_archive("skoleskyss", "public360", "decision;document")

    add_depot(inv, "public360", ("unit4-erp", "ecclesia", "vsa"))
    add_pool(inv, 78)
    return inv


def meta(inv: Inventory, description: str) -> dict:
    source = (
        "Generert av scripts/make_examples.py (fast seed); produkt- og leverandørnamn frå offentlege kjelder, "
        "alt anna er oppdikta."
        if inv.nynorsk
        else "Generert av scripts/make_examples.py (fast seed); produkt- og leverandørnavn fra offentlige kilder, "
        "alt annet er oppdiktet."
    )
    return {
        "kommune": inv.code,
        "name": inv.name,
        "fictional": True,
        "description": description,
        "source": source,
        "date": TODAY.isoformat(),
        # the fictional landscapes list every integration: a missing one is a stated fact here
        "integrationsComplete": True,
    }


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def cell_text(sheet: str, col: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)


def json_value(sheet: str, col: str, value):
    if col in MULTI[sheet]:
        return split(value)
    if col in BOOLS[sheet]:
        return value if isinstance(value, bool) else None
    return value if value not in (None, "") else None


def write_csv(inv: Inventory, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "meta.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["key", "value"])
        for k, v in inv.meta.items():
            w.writerow([k, cell_text("meta", k, v)])
    for sheet, cols in COLUMNS.items():
        with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(cols)
            for row in inv.rows(sheet):
                w.writerow([cell_text(sheet, c, row.get(c)) for c in cols])


def write_json(inv: Inventory, path: Path):
    doc = {"meta": inv.meta}
    for sheet, cols in COLUMNS.items():
        out = []
        for row in inv.rows(sheet):
            obj = {}
            for c in cols:
                v = json_value(sheet, c, row.get(c))
                if v is None or v == []:
                    continue
                obj[c] = v
            out.append(obj)
        doc[sheet] = out
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


FIXED_ZIP_TIME = (2026, 11, 23, 0, 0, 0)


def write_xlsx(inv: Inventory, path: Path):
    from datetime import datetime

    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "meta"
    ws.append(["key", "value"])
    for k, v in inv.meta.items():
        ws.append([k, cell_text("meta", k, v)])
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet, cols in COLUMNS.items():
        ws = wb.create_sheet(sheet)
        ws.append(list(cols))
        for row in inv.rows(sheet):
            ws.append([cell_text(sheet, c, row.get(c)) or None for c in cols])
        for i, c in enumerate(cols, 1):
            ws.cell(1, i).font = header_font
            ws.cell(1, i).fill = header_fill
            width = max([len(c)] + [len(cell_text(sheet, c, r.get(c))) for r in inv.rows(sheet)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 60)
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = ws.dimensions
    for ws in (wb["meta"],):
        ws["A1"].font = header_font
        ws["B1"].font = header_font
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 110
    stamp = datetime(2026, 11, 23)
    wb.properties.creator = "scripts/make_examples.py"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    # Re-pack with fixed timestamps so the file is byte-identical on every run.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2026-11-23T00:00:00Z\g<3>",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)


# ---------------------------------------------------------------------------------------------
# Readers (independent of the generator's data) and the self-check
# ---------------------------------------------------------------------------------------------


def read_xlsx(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    doc = {}
    for ws in wb.worksheets:
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if ws.title == "meta":
            doc["meta"] = {r[0]: r[1] for r in rows[1:]}
            continue
        head = rows[0]
        doc[ws.title] = [dict(zip(head, r, strict=False)) for r in rows[1:]]
        doc.setdefault("_headers", {})[ws.title] = head
    return doc


def read_csv_set(folder: Path) -> dict:
    doc = {}
    with open(folder / "meta.csv", encoding="utf-8", newline="") as fh:
        doc["meta"] = {r["key"]: r["value"] for r in csv.DictReader(fh)}
    for sheet in COLUMNS:
        with open(folder / f"{sheet}.csv", encoding="utf-8", newline="") as fh:
            rd = csv.DictReader(fh)
            doc[sheet] = list(rd)
            doc.setdefault("_headers", {})[sheet] = rd.fieldnames
    return doc


def read_json(path: Path) -> dict:
    raw = json.loads(path.read_text(encoding="utf-8"))
    doc = {"meta": raw["meta"]}
    for sheet in COLUMNS:
        doc[sheet] = [{k: cell_text(sheet, k, v) for k, v in r.items()} for r in raw[sheet]]
        unknown = {k for r in raw[sheet] for k in r} - set(COLUMNS[sheet])
        assert not unknown, f"{path}: unknown keys {unknown}"
    return doc


def vocab_notations() -> dict[str, set[str]]:
    text = (ROOT / "ontology" / "vocab.ttl").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for prefix, notation in re.findall(r'^(\w+):\S+ a skos:Concept ;.*?skos:notation "([^"]+)"', text, re.M):
        out.setdefault(prefix, set()).add(notation)
    return out


def catalogue_ids() -> tuple[set[str], set[str]]:
    text = (ROOT / "docs" / "CONVENTIONS.md").read_text(encoding="utf-8")
    part = text.split("## Catalogue ids everybody may rely on", 1)[1]
    comp_text = part.split("Standards:", 1)[0].split("Integration platforms", 1)[0]
    std_text = part.split("Standards:", 1)[1].split("Requirements:", 1)[0]
    strip = lambda t: re.sub(r"\([^)]*\)", " ", t.replace("Components:", " "))  # noqa: E731
    comps = {w for w in re.split(r"[\s,.]+", strip(comp_text)) if re.fullmatch(r"[a-z0-9][a-z0-9.-]*", w)}
    stds = {
        w for w in re.split(r"[\s,]+", strip(std_text)) if re.fullmatch(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", w)
    }
    # catalogue files (when present) may add more ids
    for ttl in sorted((ROOT / "catalog").glob("*.ttl")):
        t = ttl.read_text(encoding="utf-8")
        comps |= set(re.findall(r"component:([\w.-]+) a ea:NationalComponent", t))
        stds |= set(re.findall(r"standard:([\w.-]+) a ea:Standard", t))
    return comps, stds


ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check(doc: dict, label: str) -> list[str]:
    errors: list[str] = []
    notations = vocab_notations()
    comps, stds = catalogue_ids()
    for sheet, cols in COLUMNS.items():
        head = doc.get("_headers", {}).get(sheet)
        if head is not None and list(head) != list(cols):
            errors.append(f"{label}/{sheet}: header {head} != schema {cols}")
    meta_ = doc["meta"]
    for k in ("kommune", "name", "fictional", "description", "source", "date"):
        if k not in meta_:
            errors.append(f"{label}/meta: missing {k}")
    if str(meta_.get("fictional")).lower() != "true":
        errors.append(f"{label}/meta: fictional must be true")
    ids = {}
    for sheet in COLUMNS:
        seen = set()
        for i, r in enumerate(doc[sheet], 2):
            rid = r.get("id", "")
            if not ID_RE.match(rid):
                errors.append(f"{label}/{sheet} row {i}: bad id {rid!r}")
            if rid in seen:
                errors.append(f"{label}/{sheet} row {i}: duplicate id {rid}")
            seen.add(rid)
        ids[sheet] = seen
    for sid in ids["systems"] & comps:
        errors.append(f"{label}/systems: id {sid} equals a component id")
    nodes = ids["systems"] | comps
    for sheet in COLUMNS:
        for i, r in enumerate(doc[sheet], 2):
            where = f"{label}/{sheet} row {i} ({r.get('id')})"
            for col, scheme in CONCEPTS[sheet].items():
                for v in split(r.get(col, "")):
                    if v not in notations.get(scheme, set()):
                        errors.append(f"{where}: {col}={v!r} not a notation of {scheme}")
            for col in BOOLS[sheet]:
                if r.get(col, "") not in ("", "true", "false"):
                    errors.append(f"{where}: {col}={r.get(col)!r} not a boolean")
            for col in DATES[sheet]:
                if r.get(col) and not DATE_RE.match(r[col]):
                    errors.append(f"{where}: {col}={r[col]!r} not YYYY-MM-DD")
            for v in split(r.get("supportsStandard", "")):
                if v not in stds:
                    errors.append(f"{where}: supportsStandard {v!r} not a standard id")
            for col in COLUMNS[sheet]:
                if (
                    col not in MULTI[sheet]
                    and ";" in (r.get(col) or "")
                    and col not in ("description", "name", "format", "product")
                ):
                    errors.append(f"{where}: {col} holds a list")
            if sheet == "systems":
                for v in split(r.get("sharedWith", "")):
                    if not re.fullmatch(r"\d{4}", v):
                        errors.append(f"{where}: sharedWith {v!r} not a kommunenummer")
            if sheet == "interfaces" and r.get("providedBy") not in ids["systems"]:
                errors.append(f"{where}: providedBy {r.get('providedBy')!r} not a system id")
            if sheet == "integrations":
                for col in ("provider", "consumer", "via"):
                    for v in split(r.get(col, "")):
                        if v not in nodes:
                            errors.append(f"{where}: {col} {v!r} is neither a system id nor a component id")
                if r.get("viaInterface") and r["viaInterface"] not in ids["interfaces"]:
                    errors.append(f"{where}: viaInterface {r['viaInterface']!r} not an interface id")
                if r.get("provider") == r.get("consumer"):
                    errors.append(f"{where}: provider equals consumer")
    return errors


def check_all() -> int:
    try:  # keep the column lists in step with the real schema when the package is importable
        sys.path.insert(0, str(ROOT))
        from ea_repo.inventory import schema

        for s in schema.SHEETS:
            assert tuple(c.name for c in s.columns) == COLUMNS[s.name], (
                f"columns of {s.name} differ from schema.py"
            )
            assert {c.name for c in s.columns if c.multi} == MULTI[s.name], (
                f"multi columns of {s.name} differ"
            )
            assert {c.name for c in s.columns if c.kind == "bool"} == BOOLS[s.name], (
                f"bool columns of {s.name} differ"
            )
            assert {c.name: c.scheme for c in s.columns if c.kind == "concept"} == CONCEPTS[s.name], s.name
    except ImportError as exc:
        print(f"note: schema.py not importable ({exc}); column lists not cross-checked")
    docs = {
        "4631-alver.xlsx": read_xlsx(EXAMPLES / "4631-alver.xlsx"),
        "4630-osteroy": read_csv_set(EXAMPLES / "4630-osteroy"),
        "3301-drammen.json": read_json(EXAMPLES / "3301-drammen.json"),
    }
    errors = []
    for label, doc in docs.items():
        errors += check(doc, label)
        print(
            f"{label}: {len(doc['systems'])} systems, {len(doc['interfaces'])} interfaces, "
            f"{len(doc['integrations'])} integrations"
        )
    # the IKS: same ids in both, operatedBy / hosting / sharedWith right
    a = {r["id"]: r for r in docs["4631-alver.xlsx"]["systems"] if r["operatedBy"] == IKS_NAME}
    o = {r["id"]: r for r in docs["4630-osteroy"]["systems"] if r["operatedBy"] == IKS_NAME}
    if set(a) != set(o):
        errors.append(f"IKS systems differ: {sorted(set(a) ^ set(o))}")
    for sid in set(a) & set(o):
        if a[sid]["hosting"] != "iks" or o[sid]["hosting"] != "iks":
            errors.append(f"IKS system {sid}: hosting not iks")
        if a[sid]["sharedWith"] != "4630" or o[sid]["sharedWith"] != "4631":
            errors.append(f"IKS system {sid}: sharedWith wrong")
    print(f"IKS ({IKS_NAME}): {len(a)} shared systems")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the files already written")
    args = ap.parse_args(argv)
    if not args.check:
        EXAMPLES.mkdir(exist_ok=True)
        write_xlsx(build_alver(), EXAMPLES / "4631-alver.xlsx")
        write_csv(build_osteroy(), EXAMPLES / "4630-osteroy")
        write_json(build_drammen(), EXAMPLES / "3301-drammen.json")
    return check_all()


if __name__ == "__main__":
    sys.exit(main())
