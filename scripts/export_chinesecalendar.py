#!/usr/bin/env python3
"""Exports the holidays and working weekends of the `chinesecalendar` package (module `chinese_calendar`) for
2020-2026 to tests/fixtures/calendar/chinesecalendar-<version>.json.

The fixture is a check on calendars/china.toml, which is written from the State Council's notices themselves, never
from this package: tests/it/calendar_dataset.rs compares the two day by day.

    pip install chinesecalendar==1.11.0
    python3 scripts/export_chinesecalendar.py            # writes the fixture
    python3 scripts/export_chinesecalendar.py --check    # exits 1 if the fixture differs from what it would write

Only the package's public functions are used: get_holiday_detail() and is_in_lieu(), for every day of the years.
"""

import argparse
import datetime
import json
import pathlib
import sys
from importlib import metadata

import chinese_calendar

FIRST_YEAR = 2020
LAST_YEAR = 2026
ROOT = pathlib.Path(__file__).resolve().parent.parent


def export():
    version = metadata.version("chinesecalendar")
    holidays = {}
    workdays = {}
    in_lieu = []
    day = datetime.date(FIRST_YEAR, 1, 1)
    end = datetime.date(LAST_YEAR, 12, 31)
    while day <= end:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name is not None:
            # A named day is either a holiday of a period (rest) or a weekend worked for one (调休上班).
            (holidays if is_holiday else workdays)[day.isoformat()] = name
        elif is_holiday != (day.weekday() >= 5):
            sys.exit(f"{day}: the package marks it {'rest' if is_holiday else 'work'} without a holiday name")
        if chinese_calendar.is_in_lieu(day):
            in_lieu.append(day.isoformat())
        day += datetime.timedelta(days=1)
    return version, {
        "package": "chinesecalendar",
        "version": version,
        "years": [FIRST_YEAR, LAST_YEAR],
        "generated_by": "scripts/export_chinesecalendar.py",
        "meaning": {
            "holidays": "days the package marks as holidays, with its holiday name (rest days)",
            "workdays": "weekend days the package marks as worked, with the holiday they make up for (调休上班)",
            "in_lieu": "days the package marks as rest because of a shifted working day (调休); all are in holidays",
            "other days": "Monday to Friday a working day, Saturday and Sunday a rest day",
        },
        "holidays": holidays,
        "workdays": workdays,
        "in_lieu": in_lieu,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the fixture instead of writing it")
    args = parser.parse_args()
    version, data = export()
    path = ROOT / "tests" / "fixtures" / "calendar" / f"chinesecalendar-{version}.json"
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            sys.exit(f"{path.relative_to(ROOT)} differs from chinesecalendar {version}")
        print(f"{path.relative_to(ROOT)} matches chinesecalendar {version}")
        return
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(data['holidays'])} holidays, {len(data['workdays'])} working weekends")


if __name__ == "__main__":
    main()
