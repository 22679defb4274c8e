"""A real SMTP server on loopback that stores each received message as a JSON file.

Usage: python3 smtp_sink.py PORT MAILDIR
Each message becomes MAILDIR/<ns>-<uuid>.json with from, to, subject, text and html
(transfer encodings decoded), written atomically so readers never see half a file.
"""

import email
import json
import os
import signal
import sys
import threading
import time
import uuid
from email import policy

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "from": envelope.mail_from,
            "to": [r.lower() for r in envelope.rcpt_tos],
            "subject": str(msg["subject"] or ""),
            "text": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
        }
        name = f"{time.time_ns()}-{uuid.uuid4().hex}.json"
        tmp = os.path.join(self.directory, "." + name)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.directory, name))
        return "250 Message accepted"


def main():
    port = int(sys.argv[1])
    directory = sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"smtp sink listening on 127.0.0.1:{port}, writing to {directory}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
