import { test, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { drawnPixels, labelLayout } from "./canvas";
import { hydrated, signIn } from "./mail";

type Seeded = { tenant_id: string; first_day: string; last_day: string; records: number; cost_micro_usd: number };

// The demo tenant is seeded from the server's command line, on the same database.
function seedDemo(email: string): Seeded {
  const bin = process.env.BAAS_E2E_BIN;
  if (!bin) throw new Error("BAAS_E2E_BIN is not set: run the browser tests with scripts/test.sh");
  const out = execFileSync(bin, ["demo", "seed", "--owner", email, "--json"], {
    env: {
      DATABASE_URL: process.env.BAAS_E2E_DATABASE_URL ?? "",
      BAAS_DATA_DIR: process.env.BAAS_E2E_DATA_DIR ?? "",
    },
  });
  return JSON.parse(out.toString());
}

/** Rows and the summed cost column (micro-USD) of a CSV export. */
function csvTotals(text: string): { rows: number; micro: number } {
  const lines = text.trim().split("\n");
  const col = lines[0].split(",").indexOf("cost_usd");
  let micro = 0;
  for (const line of lines.slice(1)) {
    const [whole, frac] = line.split(",")[col].split(".");
    micro += Number(whole) * 1_000_000 + Number(frac);
  }
  return { rows: lines.length - 1, micro };
}

test("the demo dashboard shows its numbers, draws its charts, filters through the URL and exports what it shows", async ({ page }) => {
  const email = `demo-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  const demo = seedDemo(email);
  expect(demo.records).toBe(8254);

  await page.goto(`/t/${demo.tenant_id}/usage?from=${demo.first_day}&to=${demo.last_day}`);
  await hydrated(page);
  await expect(page).toHaveTitle("Usage & costs · BaaS");
  // Numbers are in the server-rendered page: the reference five days.
  await expect(page.getByTestId("tile-cost")).toHaveText("$549.92");
  await expect(page.getByTestId("tile-requests")).toHaveText("8,254");
  await expect(page.getByTestId("tile-tokens")).toHaveText("1,607,255");
  await expect(page.getByTestId("tile-budget")).toHaveText(/%$/);
  await expect(page.getByTestId("projection-method")).toContainText("7-day average");
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo" }).format(new Date());
  if (demo.first_day.slice(0, 7) === today.slice(0, 7)) {
    // The whole demo falls in this month: month to date is all of it, 55% of the $1,000 budget.
    await expect(page.getByTestId("tile-mtd")).toHaveText("$549.92");
    await expect(page.getByTestId("tile-budget")).toHaveText("55.0%");
    await expect(page.getByTestId("tile-messages")).toHaveText("8,254");
  }

  // Charts are drawn after hydration, on canvases with pixels on them.
  for (const id of ["chart-daily", "chart-agents", "chart-groups", "chart-hours", "chart-tokens"]) {
    await expect.poll(() => drawnPixels(page, id), { message: id }).toBeGreaterThan(500);
  }
  await expect(page.getByTestId("table-groups")).toContainText("Other");

  // On a phone, names beside the bars are cut to a third of the chart (their table names them
  // in full) and the donut names its slices in its legend only; nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ["chart-agents", "chart-groups"]) {
    await expect.poll(async () => (await labelLayout(page, id))?.overflow, { message: id }).toBe("truncate");
    const phone = (await labelLayout(page, id))!;
    expect(phone.chartWidth, id).toBeLessThan(390);
    expect(phone.labelWidth!, id).toBeLessThanOrEqual(Math.ceil(phone.chartWidth / 3));
    await expect.poll(() => drawnPixels(page, id), { message: id }).toBeGreaterThan(500);
  }
  await expect.poll(async () => (await labelLayout(page, "chart-tokens"))?.sliceLabels).toBe(false);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, "Usage at 390 px: no sideways scrolling").toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/usage-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect
    .poll(async () => JSON.stringify(await labelLayout(page, "chart-tokens")))
    .toContain('"sliceLabels":true');

  // Groups are called by their WhatsApp names, in the chart's table and the filter; the id
  // shows only on hover.
  const groupsTable = page.getByTestId("table-groups");
  await expect(groupsTable).toContainText("Clientes VIP");
  await expect(groupsTable).not.toContainText("@g.us");
  await expect(groupsTable.getByRole("cell", { name: "Clientes VIP", exact: true })).toHaveAttribute("title", /^120363\d+@g\.us$/);
  const choices = await page.getByTestId("filter-group").locator("option").allTextContents();
  expect(choices).toContain("Clientes VIP");
  expect(choices.filter((c) => c.includes("@g.us"))).toEqual([]);
  // In name order, not code point order (which would put "VM Deco" before "Vendas").
  expect(choices[1]).toBe("Amigos da Decoração");
  expect(choices[choices.length - 1]).toBe("VM Deco — Equipe");

  // The busiest hour is said in words, and the hourly and daily charts have their tables.
  await expect(page.getByTestId("busiest-hour")).toContainText("Busiest hour: 21:00, $48.36");
  for (const id of ["table-hours", "table-daily"]) {
    const details = page.locator("details", { has: page.getByTestId(id) });
    await details.locator("summary").click();
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByTestId("table-hours")).toContainText("$48.36");
  // The token donut's table: each class's tokens and what they cost, adding up to the tile.
  const tokens = page.getByTestId("table-tokens");
  await expect(tokens).toContainText("323,214,820");
  await expect(tokens).toContainText("$352.96");
  await expect(tokens).toContainText("$161.61");

  // A filter changes the address (so the view can be shared) and the numbers.
  await page.getByTestId("filter-agent").selectOption({ label: "Lobo" });
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/agent=/);
  await expect(page.getByTestId("tile-cost")).not.toHaveText("$549.92");
  const filtered = Number(await page.getByTestId("tile-cost").getAttribute("data-micro-usd"));
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(549_920_000);
  await expect.poll(() => drawnPixels(page, "chart-daily")).toBeGreaterThan(500);

  // The shared address opens the same view in a fresh page.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByTestId("tile-cost")).toHaveAttribute("data-micro-usd", String(filtered));
  await other.close();

  // The CSV export of the filtered view sums to the tile.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const text = fs.readFileSync(await download.path(), "utf8");
  const totals = csvTotals(text);
  expect(totals.rows).toBeGreaterThan(0);
  expect(totals.micro).toBe(filtered);
  await page.screenshot({ path: "test-results/usage.png", fullPage: true });
});

test("a budget and a daily limit are set from the budgets page", async ({ page }) => {
  const email = `budget-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  const demo = seedDemo(email);
  await page.goto(`/t/${demo.tenant_id}/budgets`);
  await hydrated(page);
  await expect(page.getByTestId("plan")).toContainText("Enterprise plan");
  await expect(page.getByTestId("monthly-budget")).toHaveValue("1000.00");
  await expect(page.getByTestId("budget-spent")).toContainText("of $1,000.00 this month (");
  await page.getByTestId("monthly-budget").fill("750");
  await page.getByTestId("timezone").fill("europe/lisbon");
  await page.getByTestId("save-budget").click();
  // The save says so beside its button, the bar follows the new budget and the sidebar the
  // zone, as stored.
  await expect(page.getByTestId("budget-saved")).toHaveText("Saved");
  await expect(page.getByTestId("workspace-zone")).toContainText("Times in Europe/Lisbon");
  await expect(page.getByTestId("monthly-budget")).toHaveValue("750.00");
  await expect(page.getByTestId("budget-spent")).toContainText("of $750.00 this month (");
  const row = page.getByTestId("agent-Lobo");
  await row.getByLabel("Daily").fill("25");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("agent-Lobo-status-saved")).toHaveText("Saved");
  await expect(page.getByTestId("agent-Lobo").getByLabel("Daily")).toHaveValue("25.00");
  await page.reload();
  await expect(page.getByTestId("monthly-budget")).toHaveValue("750.00");
  await expect(page.getByTestId("agent-Lobo").getByLabel("Daily")).toHaveValue("25.00");
  await hydrated(page);
  // A bad budget: the error is at its form, and what was typed stays to be corrected.
  await page.getByTestId("monthly-budget").fill("lots");
  await page.getByTestId("save-budget").click();
  await expect(page.getByTestId("monthly-budget-reading")).toContainText("is not an amount");
  const form = page.getByTestId("budget-form");
  await expect(form.getByTestId("budget-error")).toContainText("is not an amount");
  await expect(page.getByTestId("budget-error")).toHaveCount(1);
  await expect(page.getByTestId("monthly-budget")).toHaveValue("lots");
  await expect(page.getByTestId("budget-saved")).toHaveCount(0);
  // Saving again clears the old error.
  await page.getByTestId("monthly-budget").fill("800");
  await page.getByTestId("save-budget").click();
  await expect(form.getByTestId("budget-saved")).toHaveText("Saved");
  await expect(page.getByTestId("budget-error")).toHaveCount(0);
  await expect(page.getByTestId("monthly-budget")).toHaveValue("800.00");
});

test.describe("in Brazilian Portuguese", () => {
  test.use({ locale: "pt-BR" });

  test("a budget typed the Brazilian way is read the Brazilian way", async ({ page }) => {
    const email = `orcamento-${Date.now()}@example.com`;
    await page.goto("/login");
    await signIn(page, email);
    const demo = seedDemo(email);
    await page.goto(`/t/${demo.tenant_id}/budgets`);
    await hydrated(page);
    const budget = page.getByTestId("monthly-budget");
    const reading = page.getByTestId("monthly-budget-reading");
    await expect(budget).toHaveValue("1000,00");
    // What it will be read as shows before anything is saved.
    await budget.fill("2.500,00");
    await expect(reading).toHaveText("= US$ 2.500,00");
    await page.getByTestId("save-budget").click();
    await expect(budget).toHaveValue("2500,00");
    await budget.fill("1.000,00");
    await expect(reading).toHaveText("= US$ 1.000,00");
    await page.getByTestId("save-budget").click();
    await page.reload();
    await expect(page.getByTestId("monthly-budget")).toHaveValue("1000,00");
    // A point as the decimal mark could be read two ways: refused, with the local way shown.
    await hydrated(page);
    await page.getByTestId("monthly-budget").fill("10.50");
    await expect(page.getByTestId("monthly-budget-reading")).toContainText("1.234,50");
    const row = page.getByTestId("agent-Lobo");
    await row.getByLabel("Diário").fill("10,50");
    await expect(page.getByTestId("agent-Lobo-daily-reading")).toHaveText("= US$ 10,50");
    await row.getByRole("button", { name: "Salvar" }).click();
    await page.reload();
    await expect(page.getByTestId("agent-Lobo").getByLabel("Diário")).toHaveValue("10,50");
  });
});

test("a group filter says what the figures cover, and dates that cannot be used keep the form", async ({ page }) => {
  const email = `groups-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  const demo = seedDemo(email);
  await page.goto(`/t/${demo.tenant_id}/usage?from=${demo.first_day}&to=${demo.last_day}`);
  await hydrated(page);
  await expect(page.getByTestId("group-filter-note")).toHaveCount(0);

  // Model calls carry no group: with a group chosen, the tiles stay the workspace's and say
  // so, and only the group chart narrows to it.
  await page.getByTestId("filter-group").selectOption({ label: "Clientes VIP" });
  await page.getByTestId("apply-filters").click();
  await expect(page).toHaveURL(/group=120363/);
  const note = page.getByTestId("group-filter-note");
  await expect(note).toContainText("whole workspace");
  await expect(note).toContainText("filtered to Clientes VIP");
  await expect(page.getByTestId("tiles-scope")).toContainText("All groups");
  await expect(page.getByTestId("tile-cost")).toHaveText("$549.92");
  await expect(page.getByTestId("groups-filtered")).toContainText("Clientes VIP");
  await expect(page.getByTestId("table-groups").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("table-groups")).toContainText("Clientes VIP");
  await expect(page.getByTestId("filter-group")).toHaveValue(/@g\.us$/);

  // A range that ends before it starts: the form stays, with the dates as given, and the
  // problem is said beside it.
  await page.goto(`/t/${demo.tenant_id}/usage?from=2026-02-10&to=2026-02-01`);
  await hydrated(page);
  await expect(page.getByTestId("usage-filters")).toBeVisible();
  await expect(page.getByTestId("filter-error")).toContainText("ends before it starts");
  await expect(page.locator('input[name="from"]')).toHaveValue("2026-02-10");
  await expect(page.locator('input[name="to"]')).toHaveValue("2026-02-01");
  await expect(page.getByTestId("month-tiles")).toBeVisible();

  // Not a date at all: the same, and correcting the dates brings the figures back.
  await page.goto(`/t/${demo.tenant_id}/usage?from=banana`);
  await hydrated(page);
  await expect(page.getByTestId("filter-error")).toContainText('"banana"');
  await page.locator('input[name="from"]').fill(demo.first_day);
  await page.locator('input[name="to"]').fill(demo.last_day);
  await page.getByTestId("apply-filters").click();
  await expect(page.getByTestId("filter-error")).toHaveCount(0);
  await expect(page.getByTestId("tile-cost")).toHaveText("$549.92");
});
