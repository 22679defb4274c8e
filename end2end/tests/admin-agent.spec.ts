import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import { drawnPixels } from "./canvas";
import { hydrated, mailsTo, signIn } from "./mail";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with scripts/test.sh`);
  return v;
}

test("the Admin Agent page shows a bot going down and coming back, and a test notification arrives", async ({ page }) => {
  test.setTimeout(150_000);
  const email = `agent-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await page.getByLabel("Workspace name").fill("Pet Shop Amigo");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Pet Shop Amigo");

  await page.getByRole("navigation").getByRole("link", { name: "Bots" }).click();
  await hydrated(page);
  const form = page.getByTestId("add-bot");
  await form.getByLabel("Name").fill("Atendimento");
  await form.getByLabel("Gateway address").fill(env("BAAS_E2E_CLAWDBOT_URL"));
  await form.getByLabel("Gateway token").fill(env("BAAS_E2E_CLAWDBOT_TOKEN"));
  await form.getByRole("button", { name: "Add bot" }).click();
  await expect(page.getByTestId("bot").filter({ hasText: "Atendimento" })).toBeVisible();

  await page.getByRole("navigation").getByRole("link", { name: "Admin Agent" }).click();
  await hydrated(page);
  const card = page.getByTestId("bot-card").filter({ hasText: "Atendimento" });
  const state = card.getByTestId("bot-health");
  const refreshUntil = async (check: () => Promise<void>, timeout: number) =>
    expect(async () => {
      await page.getByTestId("refresh").click();
      await check();
    }).toPass({ timeout });
  await refreshUntil(() => expect(state).toHaveText("up", { timeout: 1_000 }), 60_000);

  // The gateway hangs (SIGSTOP): its health check times out, twice, and it is down.
  const pid = Number(env("BAAS_E2E_CLAWDBOT_PID"));
  process.kill(pid, "SIGSTOP");
  try {
    await refreshUntil(() => expect(state).toHaveText("down", { timeout: 1_000 }), 90_000);
    await expect(card.getByTestId("open-incident")).toBeVisible();
    // The bots and the incidents are read by two requests: the list may have been read just
    // before the incident was opened, so it is asked again until it shows it.
    const incident = page.getByTestId("incident").first();
    await refreshUntil(
      () => expect(incident).toHaveAttribute("data-state", "open", { timeout: 1_000 }),
      30_000,
    );
    await expect(incident.locator('[data-kind="confirmed"]')).toBeVisible();
  } finally {
    process.kill(pid, "SIGCONT");
  }
  await refreshUntil(() => expect(state).toHaveText("up", { timeout: 1_000 }), 60_000);
  await expect(page.getByTestId("incident").first()).toHaveAttribute("data-state", "resolved");
  await expect(page.getByTestId("incident").first().locator('[data-kind="resolved"]')).toBeVisible();

  // The health history draws the outage: unreachable checks on the chart and in its table, and
  // in the CSV download.
  await expect.poll(() => drawnPixels(page, "chart-health-timeline")).toBeGreaterThan(500);
  await expect(
    page.getByTestId("table-health-outcomes").locator('tr[data-outcome="unreachable"] td').nth(1),
  ).not.toHaveText("0");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("health-csv").click()]);
  const csv = fs.readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[0]).toBe("time_utc,bot,bot_id,result,fault,latency_ms,reason");
  expect(csv).toMatch(/,Atendimento,[^,]+,down,unreachable,/);

  // "Send a test notification" reaches the SMTP sink.
  const before = mailsTo(email).length;
  await page.getByTestId("test-admins").click();
  await expect(page.getByTestId("test-result")).toContainText("sent");
  await expect.poll(() => mailsTo(email).length).toBeGreaterThan(before);
  expect(mailsTo(email).at(-1)!.subject).toContain("Test notification");
  await expect(page.getByTestId("delivery").first()).toHaveAttribute("data-status", "sent");

  // The voice's preview follows the form as it is edited, before anything is saved.
  const settings = page.getByTestId("notify-settings");
  const preview = page.getByTestId("voice-preview-subject");
  await expect(preview).toContainText("cannot be reached");
  await settings.locator('select[name="language"]').selectOption("pt-BR");
  await expect(preview).toHaveText("[CRÍTICO] O bot Atendimento está inacessível");
  await settings.locator('select[name="tone"]').selectOption("formal");
  await settings.locator('input[name="signature"]').fill("Equipe Pet Shop");
  await expect(page.getByTestId("voice-preview-text")).toContainText("— Equipe Pet Shop");
  await expect(page.getByTestId("voice-preview-text")).toContainText("Olá,");
  await page.screenshot({ path: "test-results/admin-agent.png", fullPage: true });
});
