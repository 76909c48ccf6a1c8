"""Task forms of the Regime D models (from 01/07/2026), one module per group of procedures.
Their names start with ``d_`` so that they never shadow a form of the earlier regimes."""

from __future__ import annotations

from marshmallow import Schema

from . import adult, execution, minors, supervision, term, users, voluntary

TASK_FORMS: dict[str, type[Schema]] = {}
for _module in (adult, execution, minors, users, voluntary, term, supervision):
    for _name, _schema in _module.TASK_FORMS.items():
        if not _name.startswith("d_") or _name in TASK_FORMS:
            raise RuntimeError(f"forms.regime_d.{_module.__name__}: form name {_name!r} is taken or lacks d_")
        TASK_FORMS[_name] = _schema
