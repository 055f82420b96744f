"""A real CalDAV client (Debian's python3-caldav) for the forward-auth proxy tests.

usage: caldav-client.py <url> <login> <password> create|read
Host names under gatehouse.test resolve to 127.0.0.1 (like curl --resolve).
Prints one JSON line; exit 0 on success, 2 with {"error": ...} on a refusal.
"""
import json
import os
import socket
import sys
import uuid

_getaddrinfo = socket.getaddrinfo


def _resolve(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".gatehouse.test"):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _resolve

# Each test is its own client address on the loopback net (throttling counts per address).
SOURCE = os.environ.get("GATEHOUSE_TEST_SOURCE_IP")
_connect = socket.socket.connect


def _connect_from_source(self, address):
    if SOURCE and self.family == socket.AF_INET:
        self.bind((SOURCE, 0))
    return _connect(self, address)


socket.socket.connect = _connect_from_source

import caldav  # noqa: E402  (after the resolver)

EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Gatehouse tests//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20261203T100000Z
DTSTART:20261224T180000Z
DTEND:20261224T200000Z
SUMMARY:{summary}
END:VEVENT
END:VCALENDAR
"""


def main():
    url, login, password, action = sys.argv[1:5]
    try:
        client = caldav.DAVClient(url=url, username=login, password=password)
        principal = client.principal()
        if action == "create":
            calendars = principal.calendars()
            calendar = calendars[0] if calendars else principal.make_calendar(name="Gatehouse test")
            summary = "Dinner " + uuid.uuid4().hex[:8]
            calendar.save_event(EVENT.format(uid=uuid.uuid4(), summary=summary))
            print(json.dumps({"created": summary}))
        else:
            summaries = []
            for calendar in principal.calendars():
                for event in calendar.events():
                    summaries.append(str(event.vobject_instance.vevent.summary.value))
            print(json.dumps({"events": sorted(summaries)}))
    except Exception as error:  # a refusal: say what the server answered
        print(json.dumps({"error": type(error).__name__, "detail": str(error)[:300]}))
        sys.exit(2)


main()
