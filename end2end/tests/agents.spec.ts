import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./mail";

test("an owner adds an agent, creates a key shown once with its gateway and snippets, revokes, renames and deletes", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, `agents-${Date.now()}@example.com`);
  await page.getByLabel("Workspace name").fill("VM Deco");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("VM Deco");

  await page.getByRole("navigation").getByRole("link", { name: "Agents & keys" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await hydrated(page);
  await expect(page.getByTestId("no-agents")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Lobo");
  await page.getByLabel("Clawdbot agent id").fill("lobo");
  await page.getByRole("button", { name: "Add agent" }).click();
  await expect(page.getByTestId("agents")).toContainText("Lobo");

  // The agent id is explained beside its field, and the form is empty again for the next one.
  await expect(page.locator("#agent-id-help")).toContainText("agents.list");
  await expect(page.getByLabel("Clawdbot agent id")).toHaveValue("");

  await page.getByLabel("Key name").fill("production");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-key").inputValue();
  expect(key).toMatch(/^baas_vk_[0-9A-Za-z]{46}$/);
  const keys = page.getByTestId("keys");
  await expect(keys).toContainText(key.slice(0, 12) + "…");
  await expect(keys).toContainText("Active");
  await expect(keys).not.toContainText(key);
  await expect(page.getByLabel("Key name")).toHaveValue("");

  // The key comes with the gateway's address (this site) and a provider for each peer.
  const base = new URL(page.url()).origin;
  await expect(page.getByTestId("gateway-url")).toHaveValue(base);
  for (const id of ["snippet-openclaw", "snippet-clawdbot"]) {
    const snippet = page.getByTestId(id);
    await expect(snippet).toContainText(`"baseUrl": "${base}"`);
    await expect(snippet).toContainText(`"apiKey": "${key}"`);
    await expect(snippet).toContainText(`"api": "anthropic-messages"`);
  }
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByTestId("copy-key").click();
  await expect(page.getByTestId("copy-key")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await page.screenshot({ path: "test-results/agents-key.png", fullPage: true });

  await page.reload();
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  await expect(page.getByTestId("keys")).toContainText("production");
  await page.screenshot({ path: "test-results/agents.png", fullPage: true });

  // Revoking asks first: Cancel leaves the key working; confirming revokes it.
  await hydrated(page);
  const production = page.locator('[data-testid="key"][data-key-name="production"]');
  await production.getByTestId("revoke-key").click();
  await expect(production).toContainText("Revoke key “production”? Bots using it stop working at once.");
  await production.getByTestId("revoke-key-cancel").click();
  await expect(production.getByTestId("revoke-key-confirm")).toHaveCount(0);
  await expect(production.getByTestId("key-state")).toHaveText("Active");
  await production.getByTestId("revoke-key").click();
  await production.getByTestId("revoke-key-confirm").click();
  await expect(production.getByTestId("key-state")).toHaveText("Revoked");

  // Renamed, the agent keeps its id in the bot.
  const lobo = page.locator('[data-testid="agent"][data-agent="lobo"]');
  await lobo.getByTestId("rename-agent").click();
  await lobo.getByTestId("rename-input").fill("Lobo Alfa");
  await lobo.getByTestId("rename-save").click();
  await expect(lobo.getByTestId("agent-name")).toHaveText("Lobo Alfa");
  await expect(lobo.getByTestId("rename-saved")).toHaveText("Saved");

  // Deleted after a question that says what happens, its other key stops too.
  await page.getByLabel("Key name").fill("staging");
  await page.getByRole("button", { name: "Create key" }).click();
  const staging = page.locator('[data-testid="key"][data-key-name="staging"]');
  await expect(staging.getByTestId("key-state")).toHaveText("Active");
  await lobo.getByTestId("delete-agent-button").click();
  await expect(lobo).toContainText("Delete agent “Lobo Alfa”? Its keys are revoked at once");
  await lobo.getByTestId("delete-agent-button-confirm").click();
  await expect(page.getByTestId("no-agents")).toBeVisible();
  await expect(staging.getByTestId("key-state")).toHaveText("Revoked");
  await expect(page.getByTestId("delete-agent-saved")).toContainText("Agent deleted");

  // No calls yet: the usage page says what to do instead of showing zeros.
  await page.getByRole("navigation").getByRole("link", { name: "Usage" }).click();
  await expect(page.getByTestId("usage-empty")).toContainText("No model calls in this range");
});
