import { expect, test } from "@playwright/test";
import { expectAccessible, freshTestNumber, ownAddress, ready, signedInWithTestNumber, snap } from "./helpers";

// Deleting an account from the account page, behind a step to confirm;
// with JavaScript on and off. A test number (its fixed code, no cooldown)
// lets the same number sign up again at once.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a person just signed in deletes their account; the number then signs up as a new account", async ({
      page,
    }) => {
      await ownAddress(page);
      const number = freshTestNumber();
      const signUpAndIn = async () => {
        await signedInWithTestNumber(page, js, number);
        return page.getByTestId("user-id").textContent();
      };
      const first = await signUpAndIn();

      await ready(page, js);
      await page.getByText("Delete account…").click();
      await expect(page.getByText(/deletes your account for good/)).toBeVisible();
      await expectAccessible(page, "delete account", js);
      if (js) await snap(page, "account-delete");
      await page.getByRole("button", { name: "Delete my account" }).click();
      await expect(page).toHaveURL(/\/login\?deleted$/);
      await expect(page.getByRole("status").first()).toHaveText("Your account is deleted.");

      // Signed out with it: the account page sends to sign in.
      await page.goto("/account");
      await expect(page).toHaveURL(/\/login$/);

      // The same number signs up again: a new account, with a new id.
      const second = await signUpAndIn();
      expect(second).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).not.toBe(first);
    });
  });
}
