#!/usr/bin/env python3
"""Differential oracle for Sluice's cron fire times.

Recomputes the expected fire times in Tests/SluiceCronTests/Fixtures/fire-times.json two ways:

1. A minute-by-minute simulation of Vixie cron's main loop (the daemon in Debian's `cron`
   package): its virtual clock in local wall-clock minutes, the four kinds of clock change
   (late wake-up of up to 5 minutes, a jump forward of up to 3 hours, a jump back of up to 3
   hours, anything larger), wildcard versus fixed-time jobs, and the day-of-month /
   day-of-week rule decided by whether a field starts with '*'. This is the reference.
2. Python's `croniter` (pip install croniter; for checking on a developer machine only, never a
   test dependency), whose disagreements with the simulation are printed: croniter treats a day
   field such as '*/2' as restricted, and knows nothing of cron's daylight-saving rules.

Usage: python3 scripts/cron-oracle.py          # print every case and croniter's deviations
       python3 scripts/cron-oracle.py --check  # exit 1 when the fixture disagrees with the simulation
       python3 scripts/cron-oracle.py --write  # rewrite the fixture's expected times
"""
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

FIXTURE = Path(__file__).resolve().parent.parent / "Tests/SluiceCronTests/Fixtures/fire-times.json"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
          "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
LIMITS = [(0, 59, []), (0, 23, []), (1, 31, []), (1, 12, MONTHS), (0, 7, DAYS)]


def value(text, low, names):
    if text.lower() in names:
        return names.index(text.lower()) + low
    return int(text)


def field(text, low, high, names):
    values = set()
    for item in text.split(","):
        step = 1
        if "/" in item:
            item, step = item.split("/")
            step = int(step)
        if item == "*":
            first, last = low, high
        elif "-" in item:
            first, last = (value(part, low, names) for part in item.split("-"))
        else:
            first = last = value(item, low, names)
        values.update(range(first, last + 1, step))
    return values


def parse(expression):
    fields = MACROS.get(expression, expression).split()
    sets = [field(text, *limits) for text, limits in zip(fields, LIMITS)]
    if 7 in sets[4]:
        sets[4].add(0)
    stars = [text.startswith("*") for text in fields]
    return sets, stars


def matches(job, wall):
    sets, stars = job
    dom = wall.day in sets[2]
    dow = (wall.isoweekday() % 7) in sets[4]
    days = (dom and dow) if (stars[2] or stars[4]) else (dom or dow)
    return wall.minute in sets[0] and wall.hour in sets[1] and wall.month in sets[3] and days


def simulate(expression, zone_name, start, count):
    """Vixie cron's loop, one wake-up per real minute, from `start` (UTC) on."""
    job = parse(expression)
    zone = ZoneInfo(zone_name)
    wildcard = job[1][0] or job[1][1]

    def clock(instant):
        local = instant.astimezone(zone).replace(tzinfo=None)
        return int((local - datetime(1970, 1, 1)).total_seconds() // 60)

    def wall(minutes):
        return datetime(1970, 1, 1) + timedelta(minutes=minutes)

    instant = start.replace(second=0, microsecond=0)
    virtual = clock(instant)
    fires = []
    while len(fires) < count and instant < start + timedelta(days=400):
        instant += timedelta(minutes=1)
        running = clock(instant)
        diff = running - virtual
        due = False
        if diff == 1:
            virtual = running
            due = matches(job, wall(virtual))
        elif diff > 180 or diff < -180:
            virtual = running
            due = matches(job, wall(running))
        elif diff > 5:
            due = wildcard and matches(job, wall(running))
            while virtual < running:
                virtual += 1
                due = due or (not wildcard and matches(job, wall(virtual)))
        elif diff > 0:
            while virtual < running:
                virtual += 1
                due = due or matches(job, wall(virtual))
        else:
            due = wildcard and matches(job, wall(running))
        if due and instant > start:
            fires.append(instant)
    return fires


def iso(instant):
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def croniter_times(expression, zone_name, start, count):
    try:
        from croniter import croniter
    except ImportError:
        return None
    base = start.astimezone(ZoneInfo(zone_name))
    runner = croniter(expression, base)
    return [iso(runner.get_next(datetime)) for _ in range(count)]


def main():
    cases = json.loads(FIXTURE.read_text())
    failed = False
    for case in cases:
        start = datetime.fromisoformat(case["from"].replace("Z", "+00:00"))
        expected = [iso(t) for t in simulate(case["cron"], case["zone"], start, len(case["expected"]))]
        other = croniter_times(case["cron"], case["zone"], start, len(case["expected"]))
        mark = "ok" if expected == case["expected"] else "DIFFERS"
        print(f"{mark:8} {case['cron']!r:22} {case['zone']:20} {case['from']}")
        if expected != case["expected"]:
            failed = True
            print(f"         simulation: {expected}\n         fixture:    {case['expected']}")
        if other is not None and other != expected:
            print(f"         croniter:   {other}")
        if "--write" in sys.argv:
            case["expected"] = expected
    if "--write" in sys.argv:
        FIXTURE.write_text(json.dumps(cases, indent=2) + "\n")
    if "--check" in sys.argv and failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
