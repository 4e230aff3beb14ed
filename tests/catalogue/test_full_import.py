"""The whole real catalogue, imported twice: exact counts, then no change.

The expected numbers were worked out from the files themselves:

Records read, 21089:
- 16804 rows of amo-addons.csv: its 16808 rows minus 4 guids cut short,
  which have neither name nor URL;
- 16 rows of non-AMO.csv, 1934 entries of the nix list built from AMO's
  search, 1791 of the e10s survey and 31 of the nix set with AMO files;
- 393 rows of the scraped table and 3 API samples;
- 117 from the Django fixtures: 114 add-on objects, plus the tags of 3615,
  a category of 3481 and a version of 1865, whose files do not define
  those add-ons.

Add-ons, 17124, one per group that some record names:
- 16727 rows of amo-addons.csv with a name (5 names are empty, 72 NULL);
- 362 rows of the scraped table that no named CSV row covers: 242 join a
  guid through their slug in a nix list, 91 are known only by the AMO id in
  their icon's path and 29 only by their slug (31 rows find their CSV row
  by that id);
- 4 add-ons of the nix set with AMO files that neither list has (uBlock
  Origin, named by the API samples too, is among the table's rows);
- 31 fixture add-ons with a name that no other source names.

Listings, 17117: all but 7 fixture add-ons, 5 awaiting review, 1 disabled
by staff and 1 disabled by its authors.

Versions, 789, and a file for each: 423 from the nix list (the versions of
its add-ons that got a name), 237 more from the table, 19 from the nix
set, 2 from the API samples and 108 from the fixtures.

Users, 15: the 14 AMO users who author named fixture add-ons, and uBlock
Origin's author from the API samples.
"""

import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from amo.addons.models import Addon, AddonUser
from amo.catalogue.importer.run import import_catalogue
from amo.files.models import File
from amo.users.models import User
from amo.versions.models import Version

RECORDS = 21089
ADDONS = 16727 + 362 + 4 + 31
LISTINGS = ADDONS - 7
VERSIONS = 423 + 237 + 19 + 2 + 108
USERS = 14 + 1
# Records that another record's add-on absorbed.
MERGED = 1912
# Records of add-ons that AMO did not distribute: 16 CSV rows and 2 nix
# packages hosted elsewhere.
NOT_ON_AMO = 18
# Rows of amo-addons.csv with neither name nor URL.
BROKEN_ROWS = 4


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_full_catalogue_import(catalogue_dir: Path, reference_data):
    out = StringIO()
    started = time.perf_counter()
    call_command("import_catalogue", str(catalogue_dir), stdout=out)
    first_run = time.perf_counter() - started

    assert Addon.objects.count() == ADDONS
    assert Addon.objects.listed().count() == LISTINGS
    assert Version.objects.count() == VERSIONS
    assert File.objects.count() == VERSIONS
    assert User.objects.count() == USERS
    output = out.getvalue()
    assert f"  records read:      {RECORDS}" in output
    assert f"  add-ons:           {ADDONS} created, 0 updated, 0 unchanged" in output
    assert f"  listings:          {LISTINGS} (public add-ons)" in output
    assert f"  records merged:    {MERGED} " in output
    # Every record is a listing, merged into one, or reported.
    nameless = RECORDS - ADDONS - MERGED - NOT_ON_AMO
    reported = nameless + NOT_ON_AMO + BROKEN_ROWS
    assert f"  records reported:  {reported} (not used)" in output
    assert f"  {nameless:6}  no source gives this add-on a name: not listed" in output

    ublock = Addon.objects.get(guid_key="ublock0@raymondhill.net")
    # Newest sources: the 2025 table's users and ratings, the December
    # 2025 nix set's version.
    assert ublock.amo_id == 607454
    assert ublock.average_daily_users == 9473866
    assert ublock.total_ratings == 20770
    assert ublock.current_version.version == "1.68.0"
    assert ublock.versions.count() == 5
    assert AddonUser.objects.get(addon=ublock).user.username == "gorhill"

    started = time.perf_counter()
    again = import_catalogue([catalogue_dir])
    second_run = time.perf_counter() - started

    assert (again.stats.addons.created, again.stats.addons.updated) == (0, 0)
    assert again.stats.versions.created == again.stats.versions.updated == 0
    assert again.stats.files.created == again.stats.files.updated == 0
    assert again.stats.users.created == 0
    assert again.stats.addon_tags.created == again.stats.addon_tags.deleted == 0
    assert Addon.objects.count() == ADDONS
    assert Version.objects.count() == VERSIONS
    assert User.objects.count() == USERS
    print(f"full import: first run {first_run:.1f} s, second run {second_run:.1f} s")
