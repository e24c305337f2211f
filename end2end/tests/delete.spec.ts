import { expect, test } from "@playwright/test";
import {
  askForSignInCode,
  enterCode,
  expectAccessible,
  freshNumber,
  latestCode,
  ownAddress,
  ready,
  sendSignUp,
} from "./helpers";

// Deleting an account from the account page, behind a step to confirm;
// with JavaScript on and off.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a person just signed in deletes their account after a step to confirm", async ({
      page,
      request,
    }) => {
      await ownAddress(page);
      const { national, e164 } = freshNumber();
      await page.goto("/signup");
      await sendSignUp(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 1), js, "Confirm");
      await expect(page).toHaveURL(/\/login$/);
      await askForSignInCode(page, js, national);
      await enterCode(page, "6-digit code", await latestCode(request, e164, 2), js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);

      await ready(page, js);
      await page.getByText("Delete account…").click();
      await expect(page.getByText(/deletes your account for good/)).toBeVisible();
      await expectAccessible(page, "delete account", js);
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect(page).toHaveURL(/\/login\?deleted$/);
      await expect(page.getByRole("status").first()).toHaveText("Your account is deleted.");

      // Signed out with it: the account page sends to sign in.
      await page.goto("/account");
      await expect(page).toHaveURL(/\/login$/);
    });
  });
}
