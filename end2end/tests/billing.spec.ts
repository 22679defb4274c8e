import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./mail";
import { grantOperator } from "./operators";

test("an owner upgrades from the Billing page through Stripe's checkout and sees the new plan", async ({ page, request }) => {
  const stripe = process.env.BAAS_E2E_STRIPE_URL;
  if (!stripe) throw new Error("BAAS_E2E_STRIPE_URL is not set: run the browser tests with scripts/test.sh");
  // The stand-in charges R$ 197,00 for the Pro price, as the Stripe account would.
  await request.post(`${stripe}/_test/prices/price_e2e_pro`, { data: "19700" });

  // The operator puts Pro on sale at that price.
  const email = `billing-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await page.getByLabel("Workspace name").fill("Padaria");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Padaria");
  const workspace = new URL(page.url()).pathname;
  grantOperator(email);
  await page.goto("/operator");
  await hydrated(page);
  const pro = page.getByTestId("price-pro");
  await pro.getByLabel("Stripe Price").fill("price_e2e_pro");
  await pro.getByRole("button", { name: "Save" }).click();
  await expect(pro.getByTestId("price-status")).toContainText("Saved");

  // The owner's Billing page: Starter, Pro on sale at R$197.00, Enterprise not.
  await page.goto(`${workspace}/billing`);
  await hydrated(page);
  const plan = page.getByTestId("billing-plan");
  await expect(plan).toHaveAttribute("data-plan", "starter");
  await expect(page.getByTestId("usage-messages")).toContainText("/ 500");
  await expect(page.getByTestId("offer-pro")).toContainText("R$197.00");
  await expect(page.getByTestId("offer-enterprise")).toContainText("Not on sale yet");
  await page.getByTestId("upgrade-pro").click();

  // Stripe's checkout (the stand-in's page), then back to BaaS.
  await expect(page).toHaveURL(new RegExp(`^${stripe}/checkout/cs_`));
  await expect(page.locator("body")).toContainText("R$ 197,00");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/billing\?checkout=success$/);
  await expect(page.getByTestId("checkout-returned")).toContainText("Payment received");

  // The plan and its limits, as soon as Stripe's event is in.
  await expect(plan).toHaveAttribute("data-plan", "pro");
  await expect(plan).toHaveAttribute("data-standing", "paid");
  await expect(page.getByTestId("billing-standing")).toContainText("renews on");
  await expect(page.getByTestId("usage-messages")).toContainText("/ 5000");
  await expect(page.getByTestId("current-plan")).toHaveCount(1);
  await expect(page.getByTestId("offer-pro").getByTestId("current-plan")).toBeVisible();
  await expect(page.getByTestId("invoice")).toHaveCount(1);
  await expect(page.getByTestId("invoice")).toContainText("Paid");
  await expect(page.getByTestId("open-portal")).toBeVisible();
  await page.screenshot({ path: "test-results/billing.png", fullPage: true });
});
