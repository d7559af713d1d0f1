"""The one TLS context of every httpx client the tests make (both environments).

httpx builds a TLS context (certifi's bundle loaded and parsed) for every client it
creates, about 35 ms of CPU, even when the client only ever speaks plain http:// to a
local server. The backend suite makes a client per test, and some tests one per request
(a fresh connection, or a client identity, of their own): that was ~25 s of CPU a run.
A client made with `verify=TLS` shares this one context instead, and behaves the same.
"""

from __future__ import annotations

import httpx

TLS = httpx.create_ssl_context()
