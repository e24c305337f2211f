import { expect, test } from "@playwright/test";
import { askForSignInCode, enterCode, freshNumber, latestCode, ownAddress, ready, sendSignUp } from "../tests/helpers";

// Your app behind Cognito's own passwordless sign-in: the one-text sign-up
// and the 8-digit sign-in both land back on the page that sent the person.
for (const js of [true, false]) {
  test.describe(js ? "native, with JavaScript" : "native, without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("an anonymous visit to /dashboard signs up in one text, then signs in, and lands back on /dashboard", async ({
      page,
      request,
    }) => {
      await ownAddress(page);
      const { national, e164 } = freshNumber();

      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await page.getByRole("link", { name: "Create an account" }).click();
      await expect(page).toHaveURL(/\/signup\?next=\/dashboard$/);
      await sendSignUp(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 1), js, "Confirm");

      // Confirmed and signed in by the one text: straight back.
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByTestId("sub")).toHaveText(/^[0-9a-f-]{36}$/);
      await expect(page.getByTestId("member")).toBeVisible();

      await page.goto("/account");
      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login\?next=\/dashboard$/);
      await askForSignInCode(page, js, national);
      await enterCode(page, "8-digit code", await latestCode(request, e164, 2, 8), js, "Sign in");
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByTestId("member")).toBeVisible();
    });
  });
}
