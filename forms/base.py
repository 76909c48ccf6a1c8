"""Building blocks for the task forms: Vietnamese-only fields and a base schema.

Officials only ever see Vietnamese, so every error key of every field type used here is
overridden; marshmallow's English defaults must never reach the screen. Forms arrive from
HTML, so strings are stripped and a blank value (empty string, whitespace, None) counts as
missing. Cross-field rules are declared on the fields (``required_if``, ``required_unless``,
``not_before``) and checked together in one schema validator, so the officer sees every
problem of a submission at once instead of fixing them one by one. Every day and moment is
the date of an act already done unless declared ``planned``: it may not be after today.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

from marshmallow import RAISE, Schema, ValidationError, fields, missing, validates_schema
from marshmallow.validate import Equal, Length, OneOf, Range

from .vn import VN_TZ, vn_date, vn_datetime, vn_now, vn_today

REQUIRED = "Trường này là bắt buộc."
NULL = "Trường này không được để trống."
INVALID = "Giá trị không hợp lệ."
UNKNOWN = "Trường không được phép."
FORM_TYPE = "Dữ liệu biểu mẫu không hợp lệ."
STRING_INVALID = "Giá trị phải là chuỗi ký tự."
INT_INVALID = "Giá trị phải là số nguyên."
BOOL_INVALID = "Giá trị phải là Có hoặc Không."
DATE_INVALID = "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
DATETIME_INVALID = "Thời điểm không hợp lệ, nhập theo dạng dd/mm/yyyy HH:MM (giờ Việt Nam)."
CHOICE_INVALID = "Lựa chọn không hợp lệ."

ACT_DATES_FROM = dt.date(2022, 1, 1)
"""The first day of the first legal regime (workflows/regimes.toml): no act of a dossier is older."""
BIRTH_DATES_FROM = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
"""The last plausible day, for planned dates too: a later year is a typing error."""
NOT_FUTURE_REASON = "ngày của việc đã thực hiện không thể ở tương lai"


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class FormField(fields.Field):
    """Mixin for every form field: Vietnamese messages, blank = missing, label in metadata.

    ``required_if=(other_field, value)`` makes the field required when the other field was
    submitted with that value; ``required_unless=(other_field, value)`` when it was submitted
    with any other (valid) value. The message is this field's ``required`` message, so a field
    can cite its own legal basis via ``error_messages={"required": ...}``. ``private=True``
    marks an internal field of the recording agency: the other agencies that see the dossier
    read every recorded field except these.
    """

    form_type = "text"
    default_error_messages = {
        "required": REQUIRED,
        "null": NULL,
        "validator_failed": INVALID,
        "invalid": INVALID,
    }

    def __init__(
        self,
        label: str,
        *,
        help: str | None = None,
        required_if: tuple[str, object] | None = None,
        required_unless: tuple[str, object] | None = None,
        private: bool = False,
        metadata: Mapping | None = None,
        **kwargs,
    ):
        meta = {"label": label, **(metadata or {})}
        if help:
            meta["help"] = help
        if private:
            meta["private"] = True
        if required_if:
            meta["required_if"] = required_if
        if required_unless:
            meta["required_unless"] = required_unless
        super().__init__(metadata=meta, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if _is_blank(value):
            value = missing
        return super().deserialize(value, attr, data, **kwargs)


class Str(FormField, fields.String):
    """Single-line text, stripped; capped so a pasted document cannot end up in a field."""

    default_error_messages = {"invalid": STRING_INVALID, "invalid_utf8": STRING_INVALID}

    def __init__(
        self, label: str, *, min_len: int | None = None, max_len: int | None = 255, validate: Iterable = (), **kwargs
    ):
        validators = list(validate)
        if min_len and max_len:
            message = f"Độ dài phải từ {min_len} đến {max_len} ký tự."
        elif max_len:
            message = f"Không được dài quá {max_len} ký tự."
        else:
            message = f"Phải có ít nhất {min_len} ký tự."
        if min_len or max_len:
            validators.append(Length(min=min_len, max=max_len, error=message))
        super().__init__(label, validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


class LongText(Str):
    """Multi-line text (reasons, descriptions): rendered as a textarea."""

    form_type = "textarea"

    def __init__(self, label: str, *, max_len: int = 5000, **kwargs):
        super().__init__(label, max_len=max_len, **kwargs)


class Choice(Str):
    """One short English code out of a fixed list; labels are what the officer sees."""

    form_type = "choice"

    def __init__(self, label: str, choices: Iterable[tuple[str, str]], **kwargs):
        pairs = [(code, label) for code, label in choices]
        codes = [code for code, _ in pairs]
        super().__init__(
            label,
            max_len=None,
            validate=[OneOf(codes, error=CHOICE_INVALID)],
            metadata={"choices": pairs},
            **kwargs,
        )


class Int(FormField, fields.Integer):
    """Whole number from a form string or JSON int; floats and bools are refused, not truncated.

    ``range_message`` replaces the generic out-of-range message, e.g. to cite the rule.
    """

    form_type = "int"
    default_error_messages = {"invalid": INT_INVALID, "too_large": INT_INVALID}

    def __init__(
        self,
        label: str,
        *,
        min: int | None = None,
        max: int | None = None,  # noqa: A002
        range_message: str | None = None,
        **kwargs,
    ):
        if range_message:
            message = range_message
        elif min is not None and max is not None:
            message = f"Giá trị phải từ {min} đến {max}."
        elif min is not None:
            message = f"Giá trị phải lớn hơn hoặc bằng {min}."
        else:
            message = f"Giá trị phải nhỏ hơn hoặc bằng {max}."
        has_range = min is not None or max is not None
        validators = [Range(min=min, max=max, error=message)] if has_range else []
        super().__init__(label, validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
            return int(value.strip())
        raise self.make_error("invalid")


class Bool(FormField, fields.Boolean):
    """Yes/no as HTML forms send it: true/false, "on"/"off", "1"/"0".

    ``must_be_true=message`` is for mandatory dossier items: an unticked or missing box
    fails with that message (which cites the law), not with the generic one.
    """

    form_type = "bool"
    default_error_messages = {"invalid": BOOL_INVALID}
    _TRUE = frozenset({"true", "on", "1"})
    _FALSE = frozenset({"false", "off", "0"})

    def __init__(self, label: str, *, must_be_true: str | None = None, **kwargs):
        if must_be_true:
            kwargs["required"] = True
            kwargs["error_messages"] = {"required": must_be_true, **(kwargs.get("error_messages") or {})}
            kwargs["validate"] = [Equal(True, error=must_be_true)]
        super().__init__(label, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text in self._TRUE:
                return True
            if text in self._FALSE:
                return False
        raise self.make_error("invalid")


class _DateRules(FormField):
    """The rules a day or a moment carries: ``not_before`` another date field of the form,
    ``planned`` (why it may lie after today) and ``earliest`` (the first plausible day)."""

    def __init__(
        self,
        label: str,
        *,
        not_before: str | None = None,
        planned: str | None = None,
        earliest: dt.date = ACT_DATES_FROM,
        **kwargs,
    ):
        meta: dict[str, object] = {"earliest": earliest}
        if not_before:
            meta["not_before"] = not_before
        if planned:
            meta["planned"] = planned
        super().__init__(label, metadata=meta, **kwargs)

    def _plausible(self, day: dt.date) -> dt.date:
        """Refuse a year no act, plan or birth can have (9999, 0001), before any arithmetic on it."""
        earliest = self.metadata["earliest"]
        if not earliest <= day <= LATEST_DATE:
            raise ValidationError(f"Ngày không hợp lý: phải từ {vn_date(earliest)} đến {vn_date(LATEST_DATE)}.")
        return day


class VnDate(_DateRules, fields.Date):
    """A day typed as dd/mm/yyyy (what officials write) or YYYY-MM-DD (what browsers send).

    Loads to ``datetime.date`` and dumps to ISO, the format of task data.
    ``not_before="other_field"`` refuses a day earlier than another date of the same form.
    The day is an act already done, so after today is refused (today comes from the schema,
    see TaskForm), unless ``planned`` says why it is by nature a future day (a planned start,
    the end of a term). ``earliest`` is the first plausible day: the first day of the legal
    regimes for acts, 01/01/1900 for a birth date; no day is after 31/12/2100.
    """

    form_type = "date"
    default_error_messages = {
        "invalid": DATE_INVALID,
        "format": DATE_INVALID,
        "invalid_awareness": DATE_INVALID,
    }
    _ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
    _VN = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        if isinstance(value, dt.datetime):  # a moment, not a day: comparing it with dates would fail
            raise self.make_error("invalid")
        if isinstance(value, dt.date):
            return self._plausible(value)
        if isinstance(value, str):
            text = value.strip()
            if match := self._ISO.fullmatch(text):
                year, month, day = match.groups()
            elif match := self._VN.fullmatch(text):
                day, month, year = match.groups()
            else:
                raise self.make_error("invalid")
            try:
                return self._plausible(dt.date(int(year), int(month), int(day)))
            except ValueError:
                pass
        raise self.make_error("invalid")


class VnDateTime(_DateRules, fields.DateTime):
    """A moment to the minute, Vietnam time: dd/mm/yyyy HH:MM (what officials write),
    YYYY-MM-DDTHH:MM (what a browser's datetime field sends) or the ISO form with its
    offset (task data). Loads to an aware ``datetime`` and dumps to ISO with the offset,
    the format of task data; hour limits count from it. ``not_before``, ``planned`` and
    ``earliest`` as for :class:`VnDate` (now comes from the schema)."""

    form_type = "datetime"
    default_error_messages = {
        "invalid": DATETIME_INVALID,
        "format": DATETIME_INVALID,
        "invalid_awareness": DATETIME_INVALID,
    }
    _ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:\.[0-9]+)?(.*)")
    _VN = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s+([0-9]{1,2})[:h]([0-9]{2})")

    def _deserialize(self, value, attr, data, **kwargs) -> dt.datetime:
        if isinstance(value, dt.datetime):
            self._plausible(value.date())
            return value.astimezone(VN_TZ) if value.tzinfo else value.replace(tzinfo=VN_TZ)
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip()
        offset = None
        if match := self._ISO.fullmatch(text):
            year, month, day, hour, minute, second, rest = match.groups()
            if rest:
                try:
                    offset = dt.datetime.fromisoformat(f"2000-01-01T00:00{rest}").tzinfo
                except ValueError:
                    raise self.make_error("invalid") from None
        elif match := self._VN.fullmatch(text):
            day, month, year, hour, minute = match.groups()
            second = None
        else:
            raise self.make_error("invalid")
        try:
            moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            raise self.make_error("invalid") from None
        self._plausible(moment.date())
        return moment.replace(tzinfo=offset).astimezone(VN_TZ) if offset else moment.replace(tzinfo=VN_TZ)


def _earlier(value: dt.date, other: dt.date) -> bool:
    """Whether `value` comes before `other`; a day and a moment compare as days (Vietnam time)."""
    if isinstance(value, dt.datetime) and isinstance(other, dt.datetime):
        return value < other
    as_day = [v.astimezone(VN_TZ).date() if isinstance(v, dt.datetime) else v for v in (value, other)]
    return as_day[0] < as_day[1]


def _shown(value: dt.date) -> str:
    return vn_datetime(value) if isinstance(value, dt.datetime) else vn_date(value)


class TaskForm(Schema):
    """Base of every task form: unknown keys refused, all cross-field errors in one go.

    ``today`` (a callable returning a date) pins "today" for the not-in-future checks of
    days, ``now`` (returning an aware datetime) for those of moments; they default to
    the current day and moment in Vietnam. Subclasses add form-specific rules by
    overriding :meth:`check`.
    """

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": UNKNOWN, "type": FORM_TYPE}

    def __init__(
        self,
        *,
        today: Callable[[], dt.date] | None = None,
        now: Callable[[], dt.datetime] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.today = today or vn_today
        self.now = now or vn_now

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        """Form-specific rules on the loaded values; yield (field, message) per failure."""
        return ()

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _cross_field_rules(self, data, original_data, **kwargs):
        # Runs even when some fields failed, so that every error is reported together;
        # a field that failed on its own is absent from ``data`` and its rules are skipped.
        if not isinstance(original_data, Mapping):
            return
        errors: dict[str, list[str]] = {}
        rules = (self._declared_rules(data, original_data), self.check(data))
        for rule in rules:
            for name, message in rule:
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _declared_rules(self, data, original_data):
        today = None
        for name, field in self.load_fields.items():
            meta = field.metadata
            if "required_if" in meta:
                other, expected = meta["required_if"]
                if other in data and data[other] == expected and _is_blank(original_data.get(name)):
                    yield name, field.error_messages["required"]
            if "required_unless" in meta:
                other, exempt = meta["required_unless"]
                if other in data and data[other] != exempt and _is_blank(original_data.get(name)):
                    yield name, field.error_messages["required"]
            if name not in data:
                continue
            if "not_before" in meta:
                other = meta["not_before"]
                if other in data and _earlier(data[name], data[other]):
                    label = self.fields[other].metadata["label"]
                    yield name, f"Không được trước «{label}» ({_shown(data[other])})."
            if not isinstance(field, VnDate | VnDateTime) or meta.get("planned"):
                continue
            if isinstance(data[name], dt.datetime):
                now = self.now()
                if data[name] > now:
                    yield name, f"Không được sau thời điểm hiện tại ({vn_datetime(now)}): {NOT_FUTURE_REASON}."
            else:
                today = today or self.today()
                if data[name] > today:
                    yield name, f"Không được sau ngày hôm nay ({vn_date(today)}): {NOT_FUTURE_REASON}."
