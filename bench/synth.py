"""Seeded generator of synthetic kommune inventories (our JSON inventory format) for benchmarks.

`synth_inventory(code, systems=200, seed=...)` returns the JSON document; `write_inventories(dir, n)`
writes n of them for the first n kommuner of the catalogue. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from ea_repo import catalog

CATEGORIES = ["sak-arkiv", "okonomi", "lonn-hr", "epj-helse-omsorg", "helsestasjon", "barnevern", "nav-sosial", "ppt",
              "skole", "barnehage", "kulturskole", "plan-bygg-geodata", "eiendom-teknisk", "vann-avlop", "politisk",
              "innbyggerportal", "infrastruktur", "itsm", "gravplass", "kultur-fritid", "brann-beredskap", "eiendomsskatt"]
VENDORS = ["TietoEvry", "Visma", "Acos", "Sikri", "IST", "Norkart", "Evry", "Microsoft", "Ecclesia Systemer", "Unit4"]
COMPONENTS = ["id-porten", "maskinporten", "krr", "svarut", "svarinn", "fiks-arkiv", "fiks-folkeregister", "folkeregisteret",
              "enhetsregisteret", "matrikkelen", "elma", "altinn-3", "altinn-2", "helsenettet", "kjernejournal", "eformidling"]
STANDARDS = ["utf-8", "tls-1.2", "tls-1.3", "pdfa-1a", "html5", "html-4.01", "wcag-2.1-aa", "wcag-2.0-aa", "noark-5",
             "ehf-billing-3.0", "sosi", "his-1037", "plo"]
DATA = ["person", "property", "organisation", "employee", "document", "case", "invoice", "address"]


def synth_inventory(code: str, systems: int = 200, seed: int = 1) -> dict:
    rnd = random.Random(f"{seed}-{code}")
    b = lambda p: rnd.random() < p  # noqa: E731
    sys_rows, if_rows, int_rows = [], [], []
    for i in range(systems):
        cat = rnd.choice(CATEGORIES)
        row = {
            "id": f"s{i:03d}", "name": f"{cat.replace('-', ' ').title()} system {i}", "vendor": rnd.choice(VENDORS),
            "product": f"Product {rnd.randint(1, 60)}", "version": f"{rnd.randint(1, 12)}.{rnd.randint(0, 9)}",
            "category": cat, "lifecycle": rnd.choices(["production", "planned", "phase-out", "retired"], [80, 5, 10, 5])[0],
            "hosting": rnd.choice(["on-premises", "iks", "vendor-hosted", "saas", "public-cloud"]),
            "citizenFacing": b(0.2), "citizenLogin": b(0.1), "personalData": b(0.6),
            "sensitivity": rnd.choice(["internal", "personal", "special-category", "confidential"]),
            "sendsToCitizens": b(0.2), "sendsEmailAttachments": b(0.1), "archiveRelevant": b(0.4),
            "receivesInvoices": b(0.03), "externallyPublished": b(0.15), "ipv6": b(0.5), "browserBased": b(0.6),
            "htmlVersion": rnd.choice(["HTML5", "HTML5", "HTML 4.01"]),
            "holdsData": rnd.sample(DATA, rnd.randint(0, 3)),
            "supportsStandard": rnd.sample(STANDARDS, rnd.randint(1, 5)),
            "contractEnd": f"{rnd.randint(2024, 2031)}-{rnd.randint(1, 12):02d}-28",
        }
        if b(0.9):
            row["owner"] = rnd.choice(["Kommunalsjef helse", "Rådmann", "IKT-sjef", "Arkivleder", "Økonomisjef", "Rektor"])
        if cat == "epj-helse-omsorg":
            row["healthService"] = rnd.sample(["sykehjem", "hjemmetjeneste", "legevakt"], rnd.randint(1, 2))
        if b(0.2):
            row["accessibilityStatement"] = f"{rnd.randint(2024, 2026)}-{rnd.randint(1, 12):02d}-01"
        if b(0.1):
            row["endOfLife"] = f"{rnd.randint(2023, 2029)}-06-30"
        sys_rows.append(row)
    for i in range(int(systems * 0.75)):
        if_rows.append({
            "id": f"if{i:03d}", "providedBy": f"s{rnd.randrange(systems):03d}", "name": f"API {i}",
            "protocol": rnd.choice(["rest", "soap", "sftp", "https", "file-share"]), "format": rnd.choice(["JSON", "XML", "CSV"]),
            "charset": rnd.choices(["utf-8", "iso-8859-1", "windows-1252"], [85, 10, 5])[0],
            "transportSecurity": rnd.choices(["tls1.2", "tls1.3", "tls1.0", "none", "ssh", "vpn"], [50, 25, 5, 5, 10, 5])[0],
            "authentication": rnd.choice(["maskinporten", "oauth2", "basic", "api-key", "mtls"]),
            "externallyPublished": b(0.2), "ipv6": b(0.5),
        })
    for i in range(systems * 2):
        a = f"s{rnd.randrange(systems):03d}"
        other = rnd.choice(COMPONENTS) if b(0.3) else f"s{rnd.randrange(systems):03d}"
        prov, cons = (other, a) if b(0.5) else (a, other)
        if prov == cons:
            continue
        row = {
            "id": f"i{i:04d}", "provider": prov, "consumer": cons,
            "mode": rnd.choice(["api", "message", "file-transfer", "manual", "event"]),
            "protocol": rnd.choice(["rest", "soap", "sftp", "amqp"]),
            "charset": rnd.choices(["utf-8", "iso-8859-1"], [90, 10])[0],
            "transportSecurity": rnd.choices(["tls1.2", "tls1.3", "none", "ssh"], [60, 20, 10, 10])[0],
            "carries": rnd.sample(DATA, rnd.randint(1, 2)), "carriesKommunenummer": b(0.2),
        }
        if b(0.5) and if_rows:
            row["viaInterface"] = rnd.choice(if_rows)["id"]
        int_rows.append(row)
    return {"meta": {"kommune": code, "name": f"Synthetic inventory {code}", "fictional": True,
                     "description": "Generated by bench/synth.py for benchmarks; not a real inventory."},
            "systems": sys_rows, "interfaces": if_rows, "integrations": int_rows}


def write_inventories(folder: Path, n: int, systems: int = 200, seed: int = 1) -> list[tuple[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for code in list(catalog.kommuner())[:n]:
        p = folder / f"{code}.json"
        p.write_text(json.dumps(synth_inventory(code, systems, seed), ensure_ascii=False), encoding="utf-8")
        out.append((code, p))
    return out
