import { expect, test } from "@playwright/test";
import {
  TEST_CODE,
  askForSignInCode,
  enterCode,
  expectAccessible,
  expectPhone,
  freshNumber,
  freshTestNumber,
  latestCode,
  ownAddress,
  ready,
  signedInWithTestNumber,
  snap,
  texts,
  wrongCode,
} from "./helpers";

// Changing the number from the account page: a code to the new number, a
// wrong one first, then the right one; afterwards the old number no longer
// signs in and the new one does. With JavaScript on and off. The old number
// is a test number (its fixed code, never texted, no cooldown), so that it
// can be tried again at once.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a person changes their number after a wrong code; the old one no longer signs in, the new one does", async ({
      page,
      request,
    }) => {
      await ownAddress(page);
      const old = freshTestNumber();
      const fresh = freshNumber();
      await signedInWithTestNumber(page, js, old);
      const id = await page.getByTestId("user-id").textContent();

      await ready(page, js);
      await page.getByText("Change number…").click();
      await expect(page.getByText(/keeps working until you enter that code/)).toBeVisible();
      await expectAccessible(page, "change number", js);
      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(fresh.national);
      if (js) await snap(page, "account-change-number");
      await page.getByRole("button", { name: "Send code" }).click();
      await expect(page).toHaveURL(/\/account\/number$/);
      await ready(page, js);
      await expect(page.getByRole("heading", { name: "Confirm your new number" })).toBeVisible();
      await expectAccessible(page, "confirm the new number", js);

      const code = await latestCode(request, fresh.e164, 1);
      await enterCode(page, "6-digit code", wrongCode(code), js, "Confirm");
      await expect(page.getByText("That code isn't right. 2 attempts left.")).toBeVisible();
      await expect(page).toHaveURL(/\/account\/number/);
      if (js) await snap(page, "confirm-new-number");
      await enterCode(page, "6-digit code", code, js, "Confirm");
      // (Where JavaScript runs, the page then takes `saved` out of its address.)
      await expect(page).toHaveURL(js ? /\/account$/ : /\/account\?saved=number$/);
      await expect(page.getByRole("status").first()).toHaveText(/Your number is changed/);
      await expectPhone(page, fresh.e164);
      await expect(page.getByTestId("user-id")).toHaveText(id ?? "");

      // Signed out, the old number's code no longer signs anyone in.
      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);
      await askForSignInCode(page, js, old.national);
      await enterCode(page, "6-digit code", TEST_CODE, js, "Sign in");
      await expect(page.getByText(/That code isn't right/)).toBeVisible();
      await expect(page).toHaveURL(/\/login\/verify/);

      // The new number signs in, to the same account.
      const before = await texts(request, fresh.e164);
      await page.goto("/login");
      await askForSignInCode(page, js, fresh.national);
      await enterCode(page, "6-digit code", await latestCode(request, fresh.e164, before + 1), js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);
      await expectPhone(page, fresh.e164);
      await expect(page.getByTestId("user-id")).toHaveText(id ?? "");
    });
  });
}
