"""The migration that makes the database hold one live record per CCCD (e26b4c8d2f11): it
stops, naming the records, while live duplicates remain, and never merges them itself."""

from support.id_number_migration import check_the_migration


def test_live_duplicates_stop_the_upgrade_naming_them_until_merged(tmp_path):
    check_the_migration(f"sqlite:///{tmp_path / 'upgrade.sqlite'}")
