"""The persons the person look-up tests open dossiers for, as a service payload and as the
page's form, shared by the look-up and the unique-CCCD tests."""

from __future__ import annotations

from engine import PersonChoice

BINH = {
    "person_name": "Nguyễn Văn Bình",
    "person_birth_date": "1990-05-17",
    "id_number": "001090012345",
    "residence": "Thôn Đông, xã An Bình",
    "discovered_on": "2026-02-09",
    "ground": "quit_voluntary",
    "stable_residence": True,
}
NEW_ADULT = "/dossiers/new?procedure=compulsory_rehab"
OPEN_FORM = {
    "person_name": "Trần Văn An",
    "person_birth_date": "04/03/1992",
    "id_number": "001092003456",
    "residence": "Thôn Tây, xã An Bình",
    "discovered_on": "09/02/2026",
    "ground": "no_registration",
    "stable_residence": "true",
}


def open_as(world, user: str, payload: dict, person: PersonChoice | None = None, commune: int = 0) -> int:
    """Open a compulsory-rehab dossier as `user` in the demo commune of index `commune`."""
    payload = world.as_form_of({**payload, "commune_code": world.directory.communes[commune]})
    return world.backend.dossiers.open(world.user(user), payload, person=person)
