"""Fail when a junit report shows no tests, or the reports together show no or skipped PostgreSQL tests.

Usage: check_junit.py REPORT [REPORT ...] (the suite's and the benchmark smoke runs').
"""

import sys
import xml.etree.ElementTree as ET

if len(sys.argv) < 2:
    sys.exit(__doc__)
cases = []
for path in sys.argv[1:]:
    found = list(ET.parse(path).getroot().iter("testcase"))
    print(f"junit: {path}: {len(found)} tests")
    if not found:
        sys.exit(f"junit: no tests ran in {path}")
    cases += found
skipped = [c for c in cases if c.find("skipped") is not None]
postgres_cases = [c for c in cases if "postgresql" in c.get("name", "")]
postgres_skipped = [c.get("name") for c in skipped if "postgresql" in c.get("name", "")]
print(f"junit: {len(cases)} tests, {len(skipped)} skipped, {len(postgres_cases)} on PostgreSQL")
if not postgres_cases:
    sys.exit("junit: no PostgreSQL tests ran")
if postgres_skipped:
    sys.exit(f"junit: PostgreSQL tests were skipped: {postgres_skipped}")
