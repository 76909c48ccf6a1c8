"""A person look-up that ran before another officer's opening was committed: it sees no
record by CCCD or by name, so only the database's unique index stands between the two
openings. On SQLite the writers queue, so threads cannot hit this window; this opens it."""

from __future__ import annotations

from engine.services import dossiers, person_lookup


def make_lookup_stale(monkeypatch) -> list[str | None]:
    """The next opening's look-up is stale; every later one sees the database. Returns the
    list of the CCCD of each look-up made by an opening."""
    calls: list[str | None] = []
    real = {name: getattr(person_lookup, name) for name in ("_by_id_number", "_by_name", "resolve_person")}

    def seeing(name):
        def found(*args):
            return [] if len(calls) == 1 else real[name](*args)

        return found

    def resolve(session, bundle, user, data, choice):
        calls.append(data.get("id_number"))
        return real["resolve_person"](session, bundle, user, data, choice)

    monkeypatch.setattr(person_lookup, "_by_id_number", seeing("_by_id_number"))
    monkeypatch.setattr(person_lookup, "_by_name", seeing("_by_name"))
    monkeypatch.setattr(dossiers, "resolve_person", resolve)
    return calls
