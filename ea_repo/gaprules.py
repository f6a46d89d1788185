"""The graph-analysis rules' metadata (EA-GAP-…): codes, severities, bilingual texts. Kept apart from the
analyses themselves (ea_repo/gaps.py) so the rule registry is read without importing NetworkX or rdflib."""

from __future__ import annotations

from .rulemeta import Rule

TEXTS = {  # code: (severity, level, title nb/en, generic message nb/en, remedy nb/en, finding message nb/en)
    "EA-GAP-001": ("warning", "anbefaling",
        ("Mangler vei til nasjonal fellesløsning", "No path to a national component"),
        ("Systemets profil krever en fellesløsning (eller et arkivsystem), men ingen integrasjon når den, direkte eller gjennom en integrasjonsplattform.",
         "The system's profile calls for a national component (or an archive system), but no integration reaches it, directly or through an integration platform."),
        ("Koble systemet til fellesløsningen, direkte eller gjennom KS Fiks, integrasjonsplattformen eller sak/arkiv, og før integrasjonen inn i systemoversikten.",
         "Connect the system to the component, directly or through KS Fiks, the integration platform or sak/arkiv, and record the integration in the inventory."),
        ("{system}: {profile}, men ingen vei når {targets}.", "{system}: {profile}, but no path reaches {targets}.")),
    "EA-GAP-002": ("info", "god-praksis",
        ("Masterdata uten vei fra autoritativ kilde", "Master data without a path from its authoritative source"),
        ("Systemet holder et informasjonsobjekt uten noen flyt fra den autoritative kilden: dataene registreres dobbelt.",
         "The system holds a data object with no flow from its authoritative source: the data is keyed in twice."),
        ("Hent dataene fra den autoritative kilden (direkte, via KS Fiks eller integrasjonsplattformen) i stedet for å registrere dem for hånd.",
         "Take the data from the authoritative source (directly, through KS Fiks or the integration platform) instead of keying it in."),
        ("{system} holder {objects} uten flyt fra {source}.", "{system} holds {objects} with no flow from {source}.")),
    "EA-GAP-003": ("info", "god-praksis",
        ("Øysystem uten integrasjoner", "Island system without integrations"),
        ("Systemet er i produksjon, men har ingen integrasjon med andre systemer eller fellesløsninger.",
         "The system is in production but has no integration with any other system or component."),
        ("Kartlegg hvordan data kommer inn og ut (ofte manuelt), og integrer systemet eller før flytene inn i systemoversikten.",
         "Find out how data gets in and out (often by hand), and integrate the system or record its flows in the inventory."),
        ("{system} er i produksjon uten en eneste integrasjon.", "{system} is in production without a single integration.")),
    "EA-GAP-004": ("info", "god-praksis",
        ("Enkeltpunkt for svikt", "Single point of failure"),
        ("Faller systemet ut, mister innbyggerrettede tjenester forbindelsen til nasjonale fellesløsninger.",
         "If the system fails, citizen-facing services lose their connection to national components."),
        ("Vurder redundans, beredskapsrutiner og alternative veier for flytene systemet formidler.",
         "Consider redundancy, contingency procedures and alternative routes for the flows the system carries."),
        ("Faller {system} ut (betweenness {betweenness}), mister {n} innbyggerrettede systemer forbindelsen til {components}: {systems}.",
         "If {system} fails (betweenness {betweenness}), {n} citizen-facing systems lose their connection to {components}: {systems}.")),
    "EA-GAP-005": ("info", "god-praksis",
        ("Flyt til eller fra avviklet eller ustøttet system", "Flow to or from a retired or unsupported system"),
        ("Integrasjoner går fortsatt til eller fra et system som er avviklet eller forbi slutt på støtte.",
         "Integrations still run to or from a system that is retired or past end of life."),
        ("Flytt integrasjonene til etterfølgeren eller avslutt dem, og oppdater systemoversikten.",
         "Move the integrations to the successor or end them, and update the inventory."),
        ("{system} ({state}) har fortsatt {n} integrasjon(er): {flows}.", "{system} ({state}) still has {n} integration(s): {flows}.")),
    "EA-GAP-006": ("warning", "anbefaling",
        ("Flyt til avviklet fellesløsning", "Flow to a retired national component"),
        ("Systemet utveksler data med en nasjonal fellesløsning som er avviklet eller under avvikling.",
         "The system exchanges data with a national component that is retired or being retired."),
        ("Gå over til etterfølgeren før fellesløsningen stenger.", "Move to the successor before the component closes."),
        ("{system} bruker {component} ({state}){successor}: {flows}.", "{system} uses {component} ({state}){successor}: {flows}.")),
    "EA-GAP-007": ("info", "god-praksis",
        ("Manuell filkjede der et API finnes", "Manual file chain where an API exists"),
        ("Data går som manuell overføring eller fil, selv om kildesystemet tilbyr et API.",
         "Data moves by hand or as files although the source system offers an API."),
        ("Erstatt kjeden med en integrasjon mot API-et (gjerne gjennom integrasjonsplattformen).",
         "Replace the chain with an integration against the API (preferably through the integration platform)."),
        ("{system} har API ({apis}), men data går manuelt/som fil: {chain}.", "{system} has an API ({apis}), but data moves by hand or file: {chain}.")),
    "EA-GAP-008": ("info", "god-praksis",
        ("Overlappende systemer", "Overlapping systems"),
        ("Flere systemer i produksjon dekker samme tjenesteområde: konsolideringskandidater.",
         "Several production systems serve the same area: consolidation candidates."),
        ("Vurder å samle på ett system; bruk avtaleslutt som beslutningspunkt.",
         "Consider consolidating on one system; use the contract end dates as decision points."),
        ("{n} systemer i kategorien {category}: {systems}.", "{n} systems in category {category}: {systems}.")),
    "EA-GAP-009": ("info", "god-praksis",
        ("Overlapp på tvers av interkommunalt samarbeid", "Overlap across an inter-municipal co-operation"),
        ("Kommunene i samme samarbeid (IKS) kjører hver sine systemer for samme tjenesteområde: konsolideringskandidater.",
         "The kommuner of one co-operation (IKS) run separate systems for the same area: consolidation candidates."),
        ("Vurder en felles installasjon driftet av samarbeidet; bruk avtaleslutt som beslutningspunkt.",
         "Consider one shared installation run by the co-operation; use the contract end dates as decision points."),
        ("{org}: {n} installasjoner i kategorien {category}: {systems}.", "{org}: {n} installations in category {category}: {systems}.")),
}


#: Catalogue area of gap findings that no requirement places elsewhere (ontology/vocab.ttl).
GAP_AREA = "integrasjonsarkitektur"


#: What to record when an analysis cannot answer (not known), per rule.
_DOCUMENT = {
    "EA-GAP-001": ("Før inn integrasjonene systemet har (også via KS Fiks eller integrasjonsplattformen), oppgi livsløpsstatus, og sett «integrationsComplete» til true når alle står der.",
                   "Record the system's integrations (also through KS Fiks or the integration platform), its lifecycle status, and set 'integrationsComplete' to true once all are there."),
    "EA-GAP-002": ("Før inn flyten fra den autoritative kilden (eller sett «integrationsComplete» til true når alle integrasjoner står der), og oppgi livsløpsstatus.",
                   "Record the flow from the authoritative source (or set 'integrationsComplete' to true once every integration is there), and the lifecycle status."),
    "EA-GAP-003": ("Før inn systemets integrasjoner og sett «integrationsComplete» til true, eller «standalone» til true hvis systemet ikke skal utveksle data; oppgi livsløpsstatus.",
                   "Record the system's integrations and set 'integrationsComplete' to true, or 'standalone' to true if the system has no reason to exchange data; record the lifecycle status."),
    "EA-GAP-004": ("Mulig enkeltpunkt for svikt: før inn alle integrasjonene i området (sett «integrationsComplete») så analysen kan se om det finnes andre veier.",
                   "Possible single point of failure: record every integration around it (set 'integrationsComplete') so the analysis can tell whether other routes exist."),
}
#: The graph analyses point out what a path or its absence shows about the architecture; the duties themselves
#: are the SHACL rules' (KRR, Helsenettet, Kjernejournal …), so the score leaves the analyses out.
OBSERVATIONS = frozenset(TEXTS)


def _rule(code: str) -> Rule:
    sev, level, title, msg, remedy, _ = TEXTS[code]
    pair = lambda t: {"nb": t[0], "en": t[1]}  # noqa: E731
    return Rule(code=code, severity=sev, title=pair(title), message=pair(msg), remedy=pair(remedy),
                      requirement=None, level=level, legal_basis=None, source_url=None, area=GAP_AREA, verified=True,
                      aliases=(), path=None, kind="gap", document=pair(_DOCUMENT[code]) if code in _DOCUMENT else None,
                      observation=code in OBSERVATIONS)


RULES = {code: _rule(code) for code in TEXTS}  # rules.load_rules() adds these to the registry explicitly
