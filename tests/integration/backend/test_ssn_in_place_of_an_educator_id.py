"""An SSN typed where an Educator ID belongs reaches no log line and no audit row in clear.

`GET /api/v1/educators/<ssn>/certificates`, as district staff (404) and as an educator
(403), in every spelling a browser or client may send (dashes, none, spaces and en
dashes percent-encoded, Arabic-Indic digits): afterwards the server's log (access log,
refusals, SQL log, errors) and `audit_events` hold none of its digits in sequence.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, unquote

import pytest

from backend.domain.educator_ids import is_educator_id
from backend.logging_setup import RedactingFormatter, redact_for_log
from tests.integration.backend.conftest import LOG_DIR, Api, make_educator, staff_headers
from tests.typed_secrets import SSNS

SEED_SSN = "900-11-0001"  # the seed's first educator (backend/seed.py)
SSN = SSNS[-3]


def spellings(ssn: str) -> list[str]:
    area, group, serial = ssn.split("-")
    arabic = ssn.translate({ord(str(d)): chr(0x660 + d) for d in range(10)})
    return [ssn, area + group + serial, f"{area} {group} {serial}",
            f"{area}\u2013{group}\u2013{serial}", f"{area}-{group} {serial}", arabic]


def digit_sequence_pattern(ssn: str) -> re.Pattern[str]:
    """The SSN's nine digits in order, with up to 12 non-digits between any two."""
    return re.compile(r"\D{0,12}".join(ssn.replace("-", "")))


def readable(text: str) -> str:
    """`text` percent-decoded and with every Unicode digit as ASCII."""
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c
        for c in unquote(text)
    )


@contextmanager
def quiet_client_logs() -> Iterator[None]:
    # The test process logs its own requests (httpx at DEBUG, in .run/test/logs); these
    # URLs carry SSNs on purpose, and that log is not what is under test.
    loggers = [logging.getLogger(n) for n in ("httpx", "httpcore")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def test_an_ssn_in_the_educator_id_path_is_in_no_log_line_and_no_audit_row(api: Api) -> None:
    log_file = LOG_DIR / f"backend-server-{api.server.name}.log"
    start = log_file.stat().st_size
    district = staff_headers(api, "district")
    educator = make_educator(api)
    before = api.server.sql("SELECT max(id) FROM audit_events")[0][0] or 0
    sent = 0
    with quiet_client_logs():
        for ssn in (SEED_SSN, SSN):
            for spelled in spellings(ssn):
                path = f"/api/v1/educators/{quote(spelled, safe='')}/certificates"
                resp = api.get(path, headers=district)
                assert resp.status_code == 404, resp.text
                assert resp.json()["error"]["code"] == "not_found"
                assert ssn[-4:] not in resp.text
                resp = api.get(path, headers=educator.headers)
                assert resp.status_code == 403, resp.text
                sent += 2

    # The access log is written in batches (every 0.5 s): wait for this test's lines.
    deadline = time.time() + 15
    while True:
        with log_file.open("rb") as fh:
            fh.seek(start)
            written = fh.read().decode("utf-8", errors="replace")
        if written.count("/certificates 40") >= sent or time.time() > deadline:
            break
        time.sleep(0.2)
    assert written.count("/certificates 40") >= sent, written[-2000:]
    assert "[SSN ***-**-0001]" in written  # the masks were written, the values were not
    plain = readable(written)
    for ssn in (SEED_SSN, SSN):
        assert ssn not in plain and ssn.replace("-", "") not in plain
        assert not digit_sequence_pattern(ssn).search(plain)

    rows = api.server.sql(
        "SELECT action, subject_educator_id, detail FROM audit_events WHERE id > :i", i=before)
    reads = [r for r in rows if r[0] == "read.certificates"]
    assert len(reads) == sent // 2  # the educator's reads were refused before the audit
    assert all(r[1] is None and r[2] == "not an Educator ID" for r in reads)
    text = readable(repr(rows))
    for ssn in (SEED_SSN, SSN):
        assert not digit_sequence_pattern(ssn).search(text)


def test_a_real_educator_id_is_still_the_audit_subject(api: Api) -> None:
    edu = make_educator(api, link=True)
    district = staff_headers(api, "district")
    assert api.get(f"/api/v1/educators/{edu.educator_id}/certificates",
                   headers=district).status_code == 200
    rows = api.server.sql("SELECT detail FROM audit_events WHERE subject_educator_id = :e "
                          "AND action = 'read.certificates'", e=edu.educator_id)
    assert [r[0] for r in rows] == [None]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("4100001", True), ("0000000", True), ("900110001", False), ("900-11-0001", False),
     ("\u0664\u0661\u0660\u0660\u0660\u0660\u0661", False), (" 4100001", False), ("", False),
     (None, False), ("410000", False)],
)
def test_an_educator_id_is_seven_ascii_digits(value: str | None, ok: bool) -> None:
    assert is_educator_id(value) is ok


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/educators/900-11-0001/certificates",
        "/api/v1/educators/900%2D11%2D0001/certificates",
        "/api/v1/educators/900%2011%200001/certificates",
        "/api/v1/educators/900%E2%80%9311%E2%80%930001/certificates",
        "/api/v1/educators/900%0A11%0A0001/certificates",
        "/api/v1/educators/%D9%A9%D9%A0%D9%A0-11-0001/certificates",
    ],
)
def test_a_logged_path_is_decoded_then_redacted(path: str) -> None:
    out = redact_for_log(path)
    assert out == "/api/v1/educators/[SSN ***-**-0001]/certificates"


def test_the_formatter_redacts_messages_and_tracebacks_but_not_the_time() -> None:
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        raise LookupError(f"no educator {SEED_SSN}")
    except LookupError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("backend.api.errors", logging.ERROR, __file__, 1,
                               "unhandled error on %s %s", ("GET", "/x/900110001"), exc_info)
    line = formatter.format(record)
    assert SEED_SSN not in line and "900110001" not in line
    assert "unhandled error on GET /x/[SSN ***-**-0001]" in line
    assert "no educator [SSN ***-**-0001]" in line
    assert re.match(r"\d{4}-\d{2}-\d{2} ", line)  # the time stamp is left as it is


def test_only_a_route_without_parameters_is_logged_unredacted(api: Api) -> None:
    """The access log skips redaction for a path that matched one of our parameterless
    routes (its text is ours). A path that matched no route, or a route with parameters,
    is user text and is redacted."""
    log_file = LOG_DIR / f"backend-server-{api.server.name}.log"
    start = log_file.stat().st_size
    with quiet_client_logs():
        assert api.get(f"/api/v1/no-such-thing/{SSN}").status_code == 404
        assert api.get(f"/api/v1/application-types/{SSN}").status_code == 404
        assert api.get("/api/v1/application-types").status_code == 200
    deadline = time.time() + 15
    written = ""
    while time.time() < deadline:
        with log_file.open("rb") as fh:
            fh.seek(start)
            written = fh.read().decode("utf-8", errors="replace")
        if "GET /api/v1/application-types 200" in written and written.count(" 404 ") >= 2:
            break
        time.sleep(0.2)
    assert "GET /api/v1/application-types 200" in written, written[-2000:]
    assert f"GET /api/v1/no-such-thing/[SSN ***-**-{SSN[-4:]}] 404" in written
    assert not digit_sequence_pattern(SSN).search(readable(written))
