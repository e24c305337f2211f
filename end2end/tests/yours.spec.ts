import { expect, test } from "@playwright/test";
import { askForSignInCode, enterCode, expectAccessible, freshNumber, latestCode, ownAddress, ready, sendSignUp, texts } from "./helpers";

// Your app behind the sign-in (app/src/yours): a deep link to a protected
// page goes through sign-up (or sign-in) and lands back on it, with the
// example's row made by the sign-up hook; with JavaScript on and off.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("an anonymous visit to /dashboard signs up with one code and lands back on /dashboard", async ({
      page,
      request,
    }) => {
      await ownAddress(page);
      const { national, e164 } = freshNumber();

      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await ready(page, js);
      // The language switch keeps the target.
      await page.getByRole("button", { name: "Español" }).click();
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await page.getByRole("button", { name: "English" }).click();
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await page.getByRole("link", { name: "Create an account" }).click();
      await expect(page).toHaveURL(/\/signup\?next=\/dashboard$/);
      await sendSignUp(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 1), js, "Confirm");

      // The sign-up's one code signs in, and the target is kept.
      await expect(page).toHaveURL(/\/dashboard$/);
      expect(await texts(request, e164)).toBe(1);
      await expect(page.getByTestId("sub")).toHaveText(/^[0-9a-f-]{36}$/);
      await expect(page.getByTestId("phone")).toHaveText(`+1 415-555-${e164.slice(8)}`);
      // The example's row, made by its sign-up hook.
      await expect(page.getByTestId("member")).toBeVisible();
      await expectAccessible(page, "dashboard", js);
    });

    test("a person with an account, sent from /dashboard, signs in and lands back on it", async ({ page, request }) => {
      await ownAddress(page);
      const { national, e164 } = freshNumber();
      await page.goto("/signup");
      await sendSignUp(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 1), js, "Confirm");
      await expect(page).toHaveURL(/\/account$/);
      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);

      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await askForSignInCode(page, js, national);
      // "Change it" and back keeps the target too.
      await page.getByRole("link", { name: "Change it" }).click();
      await expect(page).toHaveURL(/\/login$/);
      await askForSignInCode(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 2), js, "Sign in");
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByTestId("phone")).toHaveText(`+1 415-555-${e164.slice(8)}`);
      await expect(page.getByTestId("member")).toBeVisible();
    });
  });
}
