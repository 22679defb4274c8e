"""Drives one running BaaS server for the dashboard benchmark: signs in through the real
emailed link, times the dashboard's data server functions over a mix of filters, and streams
the month's CSV export while sampling the server's memory. Prints one JSON line."""

import http.cookiejar
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta

base, maildir, email, tenant, pid = sys.argv[1:6]
calls = int(os.environ.get("BENCH_CALLS", "200"))

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def post(path, fields, accept="application/json"):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(base + path, data=data, headers={"accept": accept})
    with opener.open(req, timeout=60) as res:
        return res.read()


def sign_in():
    before = set(os.listdir(maildir))
    post("/auth/request", [("email", email)])
    deadline = time.time() + 30
    while time.time() < deadline:
        for name in sorted(set(os.listdir(maildir)) - before):
            if not name.endswith(".json"):
                continue
            mail = json.load(open(os.path.join(maildir, name)))
            if email in mail["to"]:
                token = re.search(r"token=([A-Za-z0-9_-]+)", mail["text"]).group(1)
                post("/auth/confirm", [("token", token)])
                return
        time.sleep(0.05)
    sys.exit("no sign-in mail arrived")


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


sign_in()
dashboard = json.loads(post("/api/get_dashboard", [("tenant_id", tenant), ("filter[agent]", "")]))
agents = [a[0] for a in dashboard["agents"]]
models = dashboard["models"]
to = dashboard["to"]
# The 30 days the generator filled: a month of records.
month_from = (date.fromisoformat(to) - timedelta(days=30)).isoformat()
filters = [[], [("filter[from]", dashboard["days"][max(0, len(dashboard["days"]) - 7)])]]
filters += [[("filter[agent]", a)] for a in agents[:3]]
filters += [[("filter[model]", m)] for m in models]

timings = []
for i in range(calls):
    f = filters[i % len(filters)] or [("filter[agent]", "")]
    started = time.perf_counter()
    post("/api/get_dashboard", [("tenant_id", tenant)] + f)
    timings.append((time.perf_counter() - started) * 1000)
timings.sort()


def pct(p):
    return timings[min(len(timings) - 1, int(len(timings) * p / 100))]


rss_before = rss_kb()
peak = [rss_before]
done = threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_kb())
        time.sleep(0.02)


threading.Thread(target=sample, daemon=True).start()
url = f"{base}/export/usage/{tenant}?format=csv&from={month_from}&to={to}"
started = time.perf_counter()
rows = -1
size = 0
with opener.open(url, timeout=3600) as res:
    while True:
        chunk = res.read(1 << 16)
        if not chunk:
            break
        size += len(chunk)
        rows += chunk.count(b"\n")
seconds = time.perf_counter() - started
done.set()
print(json.dumps({
    "calls": len(timings), "p50_ms": round(pct(50), 1), "p95_ms": round(pct(95), 1),
    "max_ms": round(timings[-1], 1), "export_rows": rows, "export_mb": round(size / 1e6, 1),
    "export_s": round(seconds, 2), "rows_per_s": int(rows / seconds) if seconds else 0,
    "rss_before_mb": round(rss_before / 1024, 1), "rss_peak_mb": round(peak[0] / 1024, 1),
}))
