import { expect, test } from "@playwright/test";
import {
  askForSignInCode,
  enterCode,
  expectAccessible,
  expectPhone,
  freshNumber,
  latestCode,
  ownAddress,
  ready,
  sendSignUp,
  texts,
  wrongCode,
} from "./helpers";

// Changing the number from the account page: a code to the new number, a
// wrong one first, then the right one; afterwards the old number no longer
// signs in and the new one does. With JavaScript on and off.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a person changes their number after a wrong code, and signs in with the new one", async ({
      page,
      request,
    }) => {
      await ownAddress(page);
      const old = freshNumber();
      const fresh = freshNumber();
      await page.goto("/signup");
      await sendSignUp(page, js, old.national);
      await enterCode(page, "6-digit code", await latestCode(request, old.e164, 1), js, "Confirm");
      await expect(page).toHaveURL(/\/login$/);
      await askForSignInCode(page, js, old.national);
      await enterCode(page, "6-digit code", await latestCode(request, old.e164, 2), js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);

      await ready(page, js);
      await page.getByText("Change number…").click();
      await expect(page.getByText(/keeps working until you enter that code/)).toBeVisible();
      await expectAccessible(page, "change number", js);
      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(fresh.national);
      await page.getByRole("button", { name: "Send code" }).click();
      await expect(page).toHaveURL(/\/account\/number$/);
      await ready(page, js);
      await expect(page.getByRole("heading", { name: "Confirm your new number" })).toBeVisible();
      await expectAccessible(page, "confirm the new number", js);

      const code = await latestCode(request, fresh.e164, 1);
      await enterCode(page, "6-digit code", wrongCode(code), js, "Confirm");
      await expect(page.getByText("That code isn't right. 2 attempts left.")).toBeVisible();
      await expect(page).toHaveURL(/\/account\/number/);
      await enterCode(page, "6-digit code", code, js, "Confirm");
      await expect(page).toHaveURL(/\/account\?saved=number$/);
      await expect(page.getByRole("status").first()).toHaveText(/Your number is changed/);
      await expectPhone(page, fresh.e164);

      // Signed out, the old number gets no text; the new one signs in.
      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);
      const before = await texts(request, old.e164);
      await askForSignInCode(page, js, old.national);
      expect(await texts(request, old.e164)).toBe(before);
      await page.goto("/login");
      await askForSignInCode(page, js, fresh.national);
      await enterCode(page, "6-digit code", await latestCode(request, fresh.e164, 2), js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);
      await expectPhone(page, fresh.e164);
    });
  });
}
