"""The prepared reference database is rebuilt whenever what it is made from changes."""

import reference_db


def test_the_key_changes_with_any_file_it_is_made_from(tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "data" / "places.csv").write_text("E06000001,Hartlepool\n")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cached.pyc").write_bytes(b"compiled")
    loader = tmp_path / "conftest.py"
    loader.write_text("load()\n")
    monkeypatch.setattr(reference_db, "MADE_FROM", [package, loader])

    first = reference_db.reference_key()
    (package / "__pycache__" / "cached.pyc").write_bytes(b"compiled again")
    assert reference_db.reference_key() == first

    (package / "data" / "places.csv").write_text("E06000001,Hartlepool\nE06000002,Middlesbrough\n")
    second = reference_db.reference_key()
    assert second != first

    loader.write_text("load()\nload_more()\n")
    assert reference_db.reference_key() not in {first, second}


def test_the_session_database_holds_the_reference_data(db):
    from localgrowth.evidence.models import Observation
    from localgrowth.places.models import Area

    assert Area.objects.filter(code="E06000046").exists()
    assert Observation.objects.exists()
