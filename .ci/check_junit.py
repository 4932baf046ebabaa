"""Fail when the junit report shows no tests, failures, or skipped PostgreSQL tests."""

import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
cases = list(root.iter("testcase"))
skipped = [c for c in cases if c.find("skipped") is not None]
postgres_cases = [c for c in cases if "postgresql" in c.get("name", "")]
postgres_skipped = [c.get("name") for c in skipped if "postgresql" in c.get("name", "")]
print(f"junit: {len(cases)} tests, {len(skipped)} skipped, {len(postgres_cases)} on PostgreSQL")
if not cases or not postgres_cases:
    sys.exit("junit: no tests (or no PostgreSQL tests) ran")
if postgres_skipped:
    sys.exit(f"junit: PostgreSQL tests were skipped: {postgres_skipped}")
