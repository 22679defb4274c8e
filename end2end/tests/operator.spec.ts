import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./mail";
import { grantOperator } from "./operators";

test("an operator adds a subscription credential, sees the risk, enables it and sets a price", async ({ page }) => {
  const email = `operator-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await page.getByLabel("Workspace name").fill("Operations");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Operations");
  await expect(page.getByRole("link", { name: "Provider pool" })).toHaveCount(0);

  grantOperator(email);
  await page.reload();
  await page.getByRole("link", { name: "Provider pool" }).click();
  await expect(page).toHaveURL(/\/operator$/);
  await hydrated(page);

  const form = page.getByTestId("add-credential");
  await expect(page.getByTestId("subscription-risk")).toHaveCount(0);
  await form.getByLabel("Kind").selectOption("claude_subscription");
  await expect(page.getByTestId("subscription-risk")).toContainText("consumer terms");
  await form.getByLabel("Name").fill("max-account-1");
  await form.getByLabel("Priority").fill("1");
  await form.getByLabel("Secret").fill("sk-ant-oat01-e2e-secret");
  await form.getByRole("button", { name: "Add" }).click();

  const row = page.getByTestId("credential").filter({ hasText: "max-account-1" });
  await expect(row).toContainText("Disabled");
  // The form is cleared once the credential is stored: the secret does not linger in the page.
  await expect(form.getByLabel("Secret")).toHaveValue("");
  await expect(form.getByLabel("Name")).toHaveValue("");
  await row.getByTestId("toggle-credential").click();
  await expect(row).toContainText("Enabled");
  await expect(row.getByRole("note")).toContainText("third-party products");

  const price = page.getByTestId("set-price");
  await price.getByLabel("Model").fill("claude-sonnet-4-5");
  await price.getByLabel("Input").fill("4");
  await price.getByLabel("Output").fill("20");
  await price.getByRole("button", { name: "Save price" }).click();
  const sonnet = page.getByTestId("prices").getByRole("row").filter({ hasText: "claude-sonnet-4-5" });
  await expect(sonnet).toContainText("4.00");
  await expect(sonnet).toContainText("20.00");
  await expect(sonnet).toContainText("0.40");
  await expect(sonnet).toContainText("5.00");
  await page.screenshot({ path: "test-results/operator.png", fullPage: true });
});
