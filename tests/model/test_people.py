"""The people file (model/people.py) and the manager rule's comparison
(validate/rules/manager.py), unit by unit."""

from __future__ import annotations

from pathlib import Path

from rung.model.packet import parse_packet
from rung.model.people import PEOPLE_FILE, load_people, read_people
from rung.validate.rules.manager import disagreement, named_elsewhere

FIXTURE = Path(__file__).resolve().parent.parent / "committee" / "fixtures" / "packets"
PACKET = "packets/2026-H2/dana-levi.md"
TEXT = (FIXTURE / "dana-levi-valid.md").read_text(encoding="utf-8")


def test_a_login_is_found_however_it_is_cased() -> None:
    people, problems = load_people("managers:\n  Dana-Levi: MKatz\n", PEOPLE_FILE)
    assert problems == [] and people is not None
    assert people.manager_of("dana-levi") == ("MKatz", (2, 14))
    assert people.manager_of("DANA-LEVI") == ("MKatz", (2, 14))
    assert people.manager_of("bob") is None


def test_a_file_that_is_not_yaml_or_not_a_people_file_is_only_findings() -> None:
    people, problems = load_people("managers: [\n", PEOPLE_FILE)
    assert people is None and problems and problems[0].path == PEOPLE_FILE
    people, problems = load_people("managers:\n  dana-levi: [mkatz]\n", PEOPLE_FILE)
    assert people is None and {p.rule for p in problems} == {"manager"}
    assert problems[0].line == 2


def test_reading_the_file_from_a_repository(tmp_path: Path) -> None:
    assert read_people(tmp_path) == (None, [])
    file = tmp_path / PEOPLE_FILE
    file.parent.mkdir()
    file.write_bytes(b"managers:\n  dana-levi: mk\xfftz\n")  # not UTF-8
    people, problems = read_people(tmp_path)
    assert people is None and problems and problems[0].line == 2
    file.write_text("managers:\n  dana-levi: mkatz\n", "utf-8")
    people, problems = read_people(tmp_path)
    assert problems == [] and people is not None and people.manager_of("dana-levi") is not None


def test_the_packets_manager_is_compared_case_blind_and_reported_at_its_value() -> None:
    packet, problems = parse_packet(TEXT.replace("manager: mkatz", "manager: bob"), PACKET)
    assert packet is not None and problems == []
    people, _ = load_people("managers:\n  dana-levi: mkatz\n", PEOPLE_FILE)
    assert people is not None
    found = disagreement(people, packet)
    assert found is not None
    line = 1 + TEXT.splitlines().index("manager: mkatz")
    assert (found.path, found.line, found.column, found.rule) == (PACKET, line, 10, "manager")
    assert found.message.startswith(
        "the manager is 'mkatz' in .github/people.yml (line 2), not 'bob'"
    )
    for packet_says, file_says in (("MKatz", "mkatz"), ("mkatz", "MKatz")):
        people, _ = load_people(f"managers:\n  dana-levi: {file_says}\n", PEOPLE_FILE)
        assert people is not None
        assert named_elsewhere(people, PACKET, "dana-levi", packet_says, (4, 10)) is None
    assert named_elsewhere(people, PACKET, "maya", "bob", (4, 10)) is None  # not in the file
