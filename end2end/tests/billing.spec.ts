import { test, expect, type Page } from "@playwright/test";
import { hydrated, signIn } from "./mail";
import { grantOperator } from "./operators";

/** The Stripe stand-in's origin, started by scripts/test.sh. */
function stripeUrl(): string {
  const stripe = process.env.BAAS_E2E_STRIPE_URL;
  if (!stripe) throw new Error("BAAS_E2E_STRIPE_URL is not set: run the browser tests with scripts/test.sh");
  return stripe;
}

/** Signs a new person in, creates their workspace `name` and makes them an operator; the
 * workspace's path. */
async function operatorsOwnWorkspace(page: Page, prefix: string, name: string): Promise<string> {
  const email = `${prefix}-${Date.now()}@example.com`;
  await page.goto("/login");
  await signIn(page, email);
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText(name);
  const workspace = new URL(page.url()).pathname;
  grantOperator(email);
  return workspace;
}

/** Puts `plan` on sale at Stripe Price `price` on the operator page. */
async function putOnSale(page: Page, plan: string, price: string) {
  await page.goto("/operator");
  await hydrated(page);
  const row = page.getByTestId(`price-${plan}`);
  await row.getByLabel("Stripe Price").fill(price);
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByTestId("price-status")).toContainText("Saved");
}

test("an owner upgrades from the Billing page through Stripe's checkout and sees the new plan", async ({ page, request }) => {
  const stripe = stripeUrl();
  // The stand-in charges R$ 197,00 for the Pro price, as the Stripe account would.
  await request.post(`${stripe}/_test/prices/price_e2e_pro`, { data: "19700" });

  // The operator puts Pro on sale at that price.
  const workspace = await operatorsOwnWorkspace(page, "billing", "Padaria");
  await putOnSale(page, "pro", "price_e2e_pro");

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

test("a Business owner buys Opus credits from the Billing page and sees the balance", async ({ page, request }) => {
  const stripe = stripeUrl();
  await request.post(`${stripe}/_test/prices/price_e2e_business`, { data: "49700" });
  await request.post(`${stripe}/_test/prices/price_e2e_credits`, { data: "10000" });

  // The operator puts Business on sale and a pack of US$ 20 of credits at R$ 100.
  const workspace = await operatorsOwnWorkspace(page, "credits", "Confeitaria");
  await putOnSale(page, "business", "price_e2e_business");
  const pack = page.getByTestId("add-credit-pack");
  await pack.getByLabel("Credit (US$)").fill("20");
  await pack.getByLabel("Price (R$)").fill("100.00");
  await pack.getByLabel("Stripe Price").fill("price_e2e_credits");
  await pack.getByRole("button", { name: "Put on sale" }).click();
  await expect(pack.getByTestId("pack-status")).toContainText("Saved");

  // Business through Stripe's checkout first: credits come with it.
  await page.goto(`${workspace}/billing`);
  await hydrated(page);
  await expect(page.getByTestId("billing-credits")).toHaveCount(0);
  await expect(page.getByTestId("offer-business").getByTestId("offer-credits")).toHaveText("Opus paid from prepaid credits");
  await page.getByTestId("upgrade-business").click();
  await expect(page).toHaveURL(new RegExp(`^${stripe}/checkout/cs_`));
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/billing\?checkout=success$/);
  await expect(page.getByTestId("billing-plan")).toHaveAttribute("data-plan", "business");

  // The credits card: nothing left yet, the pack on sale; buying it goes through Stripe.
  const credits = page.getByTestId("billing-credits");
  await expect(page.getByTestId("credits-balance")).toHaveText("$0.00");
  await expect(page.getByTestId("credit-pack")).toContainText("$20.00");
  await expect(page.getByTestId("credit-pack")).toContainText("R$100.00");
  await page.getByTestId("buy-credits").click();
  await expect(page).toHaveURL(new RegExp(`^${stripe}/checkout/cs_`));
  await expect(page.locator("body")).toContainText("R$ 100,00");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/billing\?credits=success$/);
  await expect(page.getByTestId("credits-returned")).toContainText("Payment received");

  // The balance and the purchase, as soon as Stripe's event is in.
  await expect(page.getByTestId("credits-balance")).toHaveText("$20.00");
  await expect(credits).toHaveAttribute("data-balance", "20000000");
  await expect(page.getByTestId("credit-entry")).toHaveCount(1);
  await expect(page.getByTestId("credit-entry")).toContainText("Pack bought");
  await page.screenshot({ path: "test-results/credits.png", fullPage: true });
});
