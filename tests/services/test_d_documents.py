"""Every NĐ 163/2026 document a Regime D step issues prints from what the dossier holds:
the demo stories of demo.regime_d are walked through the engine, the documents of each
step completed are printed, and each PDF carries its number and the person."""

from __future__ import annotations

import logging
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from demo.cases import provide_documents
from demo.cases_d import walk
from engine.persistence.tables import Dossier, IssuedDocument

PERSON = {
    "person_name": "Trịnh Văn Khánh",
    "person_birth_date": "1990-04-12",
    "residence": "Thôn Đông, xã An Bình",
    "stable_residence": True,
}


@pytest.fixture
def world(regime_world):
    regime_world.travel("2031-01-06 09:00")  # after every date of the stories: their periods have run
    return regime_world


def printed(world, person_name: str) -> dict[str, bytes]:
    with world.backend.read_session() as session:
        rows = session.execute(
            select(IssuedDocument.code, IssuedDocument.content)
            .join(Dossier, Dossier.id == IssuedDocument.dossier_id)
            .where(Dossier.person.has(full_name=person_name))
        ).all()
    return dict(rows)


def text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("procedure", "commune", "opener", "discovered", "birth", "steps", "expected"),
    [
        (
            "compulsory_rehab",
            3,
            "commune_police_3",
            "2026-12-04",
            PERSON["person_birth_date"],
            40,
            {
                "nd163_34",
                "nd163_33",
                "nd163_36",
                "nd163_32",
                "nd163_37",
                "nd163_106",
                "nd163_42",
                "nd163_51",
                "nd163_52",
            },
        ),
        (
            "minor_compulsory_rehab",
            1,
            "commune_police_1",
            "2026-07-01",
            "2010-04-15",
            40,
            {"nd163_33"},
        ),
        ("drug_user_management", 1, "commune_police_1", "2026-12-04", PERSON["person_birth_date"], 6, {"nd163_p3_04"}),
    ],
)
def test_the_documents_of_each_story_print_from_the_dossier(
    world, caplog, procedure, commune, opener, discovered, birth, steps, expected
):
    payload = {
        **PERSON,
        "person_birth_date": birth,
        "commune_code": world.directory.communes[commune - 1],
        "discovered_on": discovered,
    }
    dossier_id = world.open_recognising(world.user(opener), payload, procedure)
    with caplog.at_level(logging.INFO, logger="demo.cases_d"):
        done = walk(world.backend, world.directory, dossier_id, steps, 0, provide_documents)
    documents = printed(world, PERSON["person_name"])
    assert expected <= set(documents), (sorted(documents), done, caplog.text)
    for code in expected:
        body = text(documents[code])
        assert PERSON["person_name"] in body, code
        assert "163/2026/NĐ-CP" in body, code
    # A ward's police chief signs as "Trưởng Công an phường", a commune's as "Trưởng Công an xã".
    signer = "trưởng công an phường" if commune == 3 else "trưởng công an xã"
    assert signer in text(documents[sorted(expected)[0]]).lower()


def test_a_ward_of_a_two_tier_province_heads_its_letters_with_the_provincial_police(world):
    """Phường Hòa Bình sits directly under Tỉnh Minh Họa Mới: the body above its police is the
    province's; each letter names the agency of the dossier it is sent to."""
    payload = {**PERSON, "commune_code": world.directory.communes[2], "discovered_on": "2026-12-04"}
    dossier_id = world.open_recognising(world.user("commune_police_3"), payload, "compulsory_rehab")
    walk(world.backend, world.directory, dossier_id, 13, 0, provide_documents)
    documents = printed(world, PERSON["person_name"])
    proposal, letter = text(documents["nd163_36"]), text(documents["nd163_106"])
    for body in (proposal, letter):
        assert "CÔNG AN TỈNH MINH HỌA MỚI" in body and "CÔNG AN PHƯỜNG HÒA BÌNH" in body
    assert "Kính gửi: Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới" in proposal
    assert "Kính gửi: Giám đốc Công an Tỉnh Minh Họa Mới" in letter
