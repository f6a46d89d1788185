"""The plan's and the måltavle's own words, in bokmål and English (rule texts come with the rules)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Handlingsplan", "intro": "Tiltak fra kontrollens funn (ikke oppfylt) og dokumentasjonshull (ikke kjent), "
        "med frist der katalogen eller systemoversikten gir en. Rediger ansvarlig, år, kostnad og status i regnearket "
        "(ea-repo plan --format xlsx) og les det inn igjen med ea-repo plan import.",
        "years": "{first}–{last}", "year": "År", "id": "Id", "owner": "Ansvarlig", "deadline": "Frist",
        "kind": "Type frist", "effort": "Innsats", "cost": "Kostnad", "status": "Status", "action": "Hva",
        "rule": "Regel", "subjects": "Gjelder", "legal_basis": "Rettslig grunnlag", "contract_end": "Avtaleslutt",
        "severity": "Alvorlighet", "answer": "Svar", "remedy": "Tiltak", "missing": "Før inn",
        "kind_legal": "lovfrist", "kind_retirement": "fellesløsning avvikles", "kind_end-of-life": "slutt på støtte",
        "kind_contract-end": "avtaleslutt (ny anskaffelse)", "overdue": "passert", "none": "–",
        "effort_small": "liten", "effort_medium": "middels", "effort_large": "stor",
        "status_open": "åpen", "status_in-progress": "pågår", "status_done": "ferdig", "status_dropped": "droppet",
        "status_closed": "lukket", "fix": "rette", "document": "dokumentere",
        "summary": "Sammendrag", "n_actions": "Tiltak", "n_fix": "å rette", "n_document": "å dokumentere",
        "n_legal": "med lovfrist", "n_overdue": "med passert frist", "n_closed": "lukket", "total_cost": "Sum kostnad",
        "per_year": "Tiltak per år", "later": "Senere enn planperioden", "closed_title": "Lukket siste år",
        "closed_intro": "Tiltak der funnet er borte ved en senere import (lukket automatisk).", "closed_none": "Ingen tiltak er lukket siste år.",
        "closed_at": "Lukket ved import", "decided": "Sist bestemt", "edited": "endret av kommunen",
        "from": "Fra", "kommune": "Kommune", "checked_at": "Kontrollert", "catalog_version": "Katalogversjon",
        "back": "Til kommunesiden", "no_actions": "Ingen tiltak dette året.",
        "scoreboard": "Måltavle", "scoreboard_intro": "Indikatorer ved importene: de to repositoryet har systemoversikten fra, og de tidligere som en import av handlingsplanen tok vare på.",
        "scoreboard_table": "Måltavle (tabell)", "chart_scoreboard": "Linjediagram: måltavlens prosentindikatorer per import",
        "import": "Import", "ind_score": "Poeng", "ind_coverage": "Dekning", "ind_violations": "Brudd",
        "ind_not_known_share": "Andel ikke kjent", "ind_components": "Nasjonale fellesløsninger i bruk",
        "ind_end_of_life": "Systemer forbi slutt på støtte", "ind_api_share": "Andel flyter gjennom API",
        "indicator": "Indikator", "change": "Endring", "members": "Medlemmene side om side", "side_by_side": "Kommunene side om side",
        "previous": "forrige", "now": "nå", "plan_link": "Handlingsplan",
    },
    "en": {
        "title": "Action plan", "intro": "Actions from the check's findings (not met) and documentation gaps (not known), "
        "with a deadline where the catalogue or the inventory gives one. Edit owner, year, cost and status in the "
        "spreadsheet (ea-repo plan --format xlsx) and read it back with ea-repo plan import.",
        "years": "{first}–{last}", "year": "Year", "id": "Id", "owner": "Owner", "deadline": "Deadline",
        "kind": "Kind of deadline", "effort": "Effort", "cost": "Cost", "status": "Status", "action": "What",
        "rule": "Rule", "subjects": "Concerns", "legal_basis": "Legal basis", "contract_end": "Contract end",
        "severity": "Severity", "answer": "Answer", "remedy": "Remedy", "missing": "Record",
        "kind_legal": "legal deadline", "kind_retirement": "national component retired", "kind_end-of-life": "end of support",
        "kind_contract-end": "contract end (next tender)", "overdue": "passed", "none": "–",
        "effort_small": "small", "effort_medium": "medium", "effort_large": "large",
        "status_open": "open", "status_in-progress": "in progress", "status_done": "done", "status_dropped": "dropped",
        "status_closed": "closed", "fix": "fix", "document": "document",
        "summary": "Summary", "n_actions": "Actions", "n_fix": "to fix", "n_document": "to document",
        "n_legal": "with a legal deadline", "n_overdue": "past their date", "n_closed": "closed", "total_cost": "Total cost",
        "per_year": "Actions per year", "later": "Later than the plan period", "closed_title": "Closed in the last year",
        "closed_intro": "Actions whose finding was gone at a later import (closed automatically).", "closed_none": "No action was closed in the last year.",
        "closed_at": "Closed at the import of", "decided": "Last decided", "edited": "changed by the kommune",
        "from": "From", "kommune": "Kommune", "checked_at": "Checked", "catalog_version": "Catalogue version",
        "back": "To the kommune page", "no_actions": "No actions this year.",
        "scoreboard": "Scoreboard (måltavle)", "scoreboard_intro": "Indicators at the imports: the two whose inventory the repository holds, and the earlier ones a plan import kept.",
        "scoreboard_table": "Scoreboard (table)", "chart_scoreboard": "Line chart: the scoreboard's percentage indicators per import",
        "import": "Import", "ind_score": "Score", "ind_coverage": "Coverage", "ind_violations": "Violations",
        "ind_not_known_share": "Share not known", "ind_components": "National components in use",
        "ind_end_of_life": "Systems past end of support", "ind_api_share": "Share of flows through APIs",
        "indicator": "Indicator", "change": "Change", "members": "The members side by side", "side_by_side": "The kommuner side by side",
        "previous": "previous", "now": "now", "plan_link": "Action plan",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["nb"])
