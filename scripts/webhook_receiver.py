"""A local HTTP receiver for the Admin Agent's webhook and Slack channels, for the tests.

Usage: webhook_receiver.py PORT OUTDIR [SECRET]

POST /webhook: checked with the `standardwebhooks` package (an implementation independent of
the server's) against SECRET; a verified body is written to OUTDIR/webhook-N.json with its
headers, a bad one is answered 400 and counted in OUTDIR/rejected-N.txt.
POST /slack: stands in for a Slack incoming webhook; the body is written to OUTDIR/slack-N.json.
POST /fail: always answers 503 (a receiver that is down), counted in OUTDIR/failed-N.txt.
"""

import itertools
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

PORT = int(sys.argv[1])
OUT = Path(sys.argv[2])
SECRET = sys.argv[3] if len(sys.argv) > 3 else None
COUNTER = itertools.count(1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(min(length, 1_000_000))
        n = next(COUNTER)
        if self.path == "/webhook":
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                payload = Webhook(SECRET).verify(body, headers)
            except (WebhookVerificationError, Exception) as e:  # noqa: BLE001
                (OUT / f"rejected-{n}.txt").write_text(str(e))
                self.send_response(400)
                self.end_headers()
                return
            record = {"headers": {k: headers[k] for k in ("webhook-id", "webhook-timestamp")},
                      "body": payload}
            (OUT / f".webhook-{n}.json").write_text(json.dumps(record))
            (OUT / f".webhook-{n}.json").rename(OUT / f"webhook-{n}.json")
            self.send_response(204)
        elif self.path == "/slack":
            (OUT / f".slack-{n}.json").write_bytes(body)
            (OUT / f".slack-{n}.json").rename(OUT / f"slack-{n}.json")
            self.send_response(200)
        elif self.path == "/fail":
            (OUT / f"failed-{n}.txt").write_bytes(body[:200])
            self.send_response(503)
        else:
            self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
