// First-load benchmark: what a visitor's browser downloads and how long until the page is
// interactive (the WASM bundle has hydrated it), on an empty cache and again from the cache,
// unthrottled and on a throttled phone profile. Prints numbers; asserts nothing.
//
//   node first-load.mjs BASE_URL SERVER_LOG EMAIL TENANT_ID FIRST_DAY LAST_DAY NAME
import { chromium } from "@playwright/test";
import * as fs from "node:fs";

const [base, serverLog, email, tenant, firstDay, lastDay, name] = process.argv.slice(2);
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Lighthouse's mobile profile: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower.
const PROFILES = {
  unthrottled: null,
  "slow 4G, 4x CPU": { latency: 150, down: (1.6 * 1024 * 1024) / 8, up: (750 * 1024) / 8, cpu: 4 },
};

const PAGES = [
  { name: "sign-in page", path: "/login", signedIn: false },
  { name: "usage (charts)", path: `/t/${tenant}/usage?from=${firstDay}&to=${lastDay}`, signedIn: true, charts: true },
  { name: "bots (no charts)", path: `/t/${tenant}/bots`, signedIn: true },
];

// Records when the hydrated marker appears, in the page's own clock (from navigation start).
const MARKER = `new MutationObserver((_, o) => {
  if (document.body && document.body.dataset.hydrated === "true") {
    window.__hydratedAt = performance.now(); o.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });`;

async function signIn(browser) {
  const ctx = await browser.newContext({ baseURL: base });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /sign-in link|link de acesso|enlace/i }).click();
  let link = "";
  for (let i = 0; i < 100 && !link; i++) {
    const found = fs.readFileSync(serverLog, "utf8").match(/https?:\/\/[^\s"\\]+\/auth\/verify\?token=[A-Za-z0-9_-]+/g);
    link = found ? found[found.length - 1] : "";
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  if (!link) throw new Error("no sign-in link in the server log");
  await page.goto(link);
  await page.getByTestId("confirm-sign-in").click();
  await page.waitForURL(/\/t\//);
  const state = await ctx.storageState();
  await ctx.close();
  return state;
}

async function load(page, cdp, target) {
  let bytes = 0;
  let requests = 0;
  const onDone = (e) => { bytes += e.encodedDataLength; requests += 1; };
  cdp.on("Network.loadingFinished", onDone);
  await page.goto(target.path, { waitUntil: "load", timeout: 180_000 });
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 180_000 });
  const tti = await page.evaluate(() => window.__hydratedAt);
  // The chart library, loaded after hydration, belongs to a page with charts: counted once it
  // has run (the network can go quiet between hydration and its request).
  if (target.charts) {
    await page.waitForFunction(() => window.echarts !== undefined, null, { timeout: 180_000 });
  }
  await page.waitForLoadState("networkidle");
  cdp.off("Network.loadingFinished", onDone);
  return { bytes, requests, tti };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const session = await signIn(browser);
const rows = [];
for (const [profileName, p] of Object.entries(PROFILES)) {
  for (const target of PAGES) {
    const cold = [];
    const warm = [];
    for (let i = 0; i < repeat; i++) {
      const ctx = await browser.newContext({
        baseURL: base,
        storageState: target.signedIn ? session : undefined,
        viewport: { width: 390, height: 844 },
      });
      await ctx.addInitScript(MARKER);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Network.enable");
      if (p) {
        await cdp.send("Network.emulateNetworkConditions", {
          offline: false, latency: p.latency, downloadThroughput: p.down, uploadThroughput: p.up,
        });
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: p.cpu });
      }
      cold.push(await load(page, cdp, target));
      warm.push(await load(page, cdp, target));
      await ctx.close();
    }
    rows.push({ profileName, target, cold, warm });
  }
}
await browser.close();

const kb = (b) => `${(b / 1024).toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} KB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nFirst load of ${name} (${repeat} runs each, medians; 390 px viewport)\n`);
console.log("profile            page               empty cache: bytes   reqs  interactive | cached: bytes   interactive");
for (const r of rows) {
  const c = { bytes: median(r.cold.map((x) => x.bytes)), reqs: median(r.cold.map((x) => x.requests)), tti: median(r.cold.map((x) => x.tti)) };
  const w = { bytes: median(r.warm.map((x) => x.bytes)), tti: median(r.warm.map((x) => x.tti)) };
  console.log(
    `${r.profileName.padEnd(18)} ${r.target.name.padEnd(18)} ${kb(c.bytes).padStart(18)} ${String(c.reqs).padStart(6)} ${s(c.tti).padStart(12)} | ${kb(w.bytes).padStart(13)} ${s(w.tti).padStart(12)}`,
  );
}
