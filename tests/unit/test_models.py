"""Start-up checks of the models and the legal parameters: a defect stops the engine with
the file, line and element named, never a task without a deadline."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from engine import WORKFLOWS_DIR, Backend, ModelError, build_backend
from engine.calendar import WorkingCalendar
from engine.model.parameters import load_parameters


@pytest.fixture
def models(tmp_path) -> Path:
    target = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS_DIR, target)
    return target


def start(models: Path, tmp_path: Path) -> Backend:
    return build_backend(f"sqlite:///{tmp_path / 'm.sqlite'}", workflows_dir=models)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_user_task_carries_form_deadline_and_legal_basis(models, tmp_path):
    engine = start(models, tmp_path)
    tasks = [t for t in engine.models.current.tasks.values() if t.process_id == "compulsory_rehab"]
    assert len(tasks) >= 20
    for task in tasks:
        assert task.form and task.legal_basis and task.instructions, task.bpmn_id
        assert task.deadline_parameter in engine.settings.current.parameters
    roles = {t.role for t in tasks}
    assert roles == {"commune_police", "labour_office", "district_court", "district_police", "rehab_facility"}


def test_parameters_without_a_figure_are_flagged_unverified():
    parameters = load_parameters(WORKFLOWS_DIR / "legal_parameters.toml")
    for parameter in parameters.values():
        if parameter.value is None and parameter.unit != "immediate":
            assert parameter.status == "UNVERIFIED", parameter.name
            assert parameter.note, parameter.name
    assert parameters["reading_period"].describe() == "03 ngày làm việc"
    assert parameters["protest_window"].deadline is not None and parameters["protest_window"].value is None


def test_xml_syntax_error_names_file_and_line(models, tmp_path):
    edit(models / "compulsory_rehab.bpmn", "</bpmn:process>", "</bpmn:proces>")
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "compulsory_rehab.bpmn" in error.value.message and "dòng" in error.value.message


def test_schema_violation_names_the_element(models, tmp_path):
    edit(
        models / "compulsory_rehab.bpmn",
        '<bpmn:userTask id="record_violation"',
        '<bpmn:userTask id="record_violation" bogus="1"',
    )
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "compulsory_rehab.bpmn" in error.value.message and "dòng" in error.value.message


def test_task_naming_a_missing_parameter_stops_start_up(models, tmp_path):
    edit(models / "compulsory_rehab.bpmn", 'value="labour_check"', 'value="labour_check_typo"')
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "labour_check_typo" in error.value.message and "appraise_dossier" in error.value.message


def test_parameter_removed_from_the_file_stops_start_up(models, tmp_path):
    edit(models / "legal_parameters.toml", "[reading_period]", "[reading_period_renamed]")
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "reading_period" in error.value.message


def test_unverified_parameter_with_a_value_needs_no_flag_but_a_missing_value_does(models, tmp_path):
    edit(
        models / "legal_parameters.toml", 'status = "UNVERIFIED"\nnote = "Điều 42.1', 'status = "V"\nnote = "Điều 42.1'
    )
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "dossier_notice" in error.value.message


def test_task_without_legal_basis_stops_start_up(models, tmp_path):
    path = models / "compulsory_rehab.bpmn"
    text = path.read_text(encoding="utf-8")
    basis = text.index('name="legal_basis"', text.index('<bpmn:userTask id="send_to_labour_office"'))
    path.write_text(text[:basis] + 'name="basis_removed"' + text[basis + len('name="legal_basis"') :], encoding="utf-8")
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "send_to_labour_office" in error.value.message and "legal_basis" in error.value.message


def test_unknown_form_stops_start_up(models, tmp_path):
    edit(models / "compulsory_rehab.bpmn", 'value="violation_record"', 'value="no_such_form"')
    with pytest.raises(ModelError) as error:
        start(models, tmp_path)
    assert "no_such_form" in error.value.message


def test_deadline_units_of_issue_4_parameters():
    parameters = load_parameters(WORKFLOWS_DIR / "legal_parameters.toml")
    calendar = WorkingCalendar()
    # 1 year of drug-user management from 29/02/2028 ends on 28/02/2029.
    assert parameters["management_term"].deadline(date(2028, 2, 29), calendar) == date(2029, 2, 28)
    # At the latest 15 days before a term ending 05/03/2026: 18/02 is Tết → Fri 13/02.
    assert parameters["facility_completion_notice"].deadline(date(2026, 3, 5), calendar) == date(2026, 2, 13)
    # 24 hours from receipt: the next calendar day.
    assert parameters["medical_staff_dispatch"].deadline(date(2026, 2, 13), calendar) == date(2026, 2, 14)
