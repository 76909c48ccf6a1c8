"""Valid form data and acting officers for the Regime D models, by process and task, one
module per group of procedures (the task ids of different processes may coincide)."""

from __future__ import annotations

from . import adult, execution, minors, supervision, term, users, voluntary

FORM_DATA: dict[str, dict[str, dict]] = {}
ACTOR: dict[str, dict[str, str]] = {}
for _module in (adult, execution, minors, users, voluntary, term, supervision):
    FORM_DATA.update(_module.FORM_DATA)
    ACTOR.update(_module.ACTOR)
