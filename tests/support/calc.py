"""LibreOffice Calc as an independent spreadsheet engine for tests: open an .xlsx, recalculate
every formula, and read each sheet back as rows of text.

Files written by XlsxWriter or openpyxl say they come from "Microsoft Excel", and LibreOffice
then trusts the values cached in the file instead of calculating. A private profile sets
`OOXMLRecalcMode` to "always", so what the test reads is LibreOffice's own result (and the
profile does not clash with another soffice running on the machine).
"""
from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

from support import system_tools

# UTF-8 (76), comma separated, quoted text, every sheet to its own file (-1): the plain "csv"
# filter writes the system code page and one sheet only.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def calc_sheets(xlsx: Path, work: Path) -> dict[str, list[list[str]]]:
    """Every sheet of `xlsx` as LibreOffice Calc computes it: {sheet name: rows of cell text}."""
    soffice = system_tools.soffice()  # required: fails (or skips when opted out) without it
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    out = work / "csv"
    result = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                             "--convert-to", CSV_FILTER, "--outdir", str(out), str(xlsx)],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(work)})
    assert result.returncode == 0, result.stdout + result.stderr
    prefix = f"{xlsx.stem}-"
    sheets = {}
    for path in sorted(out.glob(f"{xlsx.stem}-*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem[len(prefix):]] = list(csv.reader(handle))
    assert sheets, result.stdout + result.stderr
    return sheets
