import { expect, test } from "@playwright/test";
import {
  TEST_CODE,
  askForSignInCode,
  enterCode,
  expectPhone,
  freshTestNumber,
  ownAddress,
  sendSignUp,
  texts,
} from "./helpers";

// A test number (NANP 555-01XX by default outside production) signs up and
// signs in with 424242, and nothing reaches the outbox. With JavaScript on
// and off.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a test number signs up and in with 424242 and is never texted", async ({ page, request }) => {
      await ownAddress(page);
      const number = freshTestNumber();
      await page.goto("/signup");
      await sendSignUp(page, js, number.national);
      await enterCode(page, "6-digit code", TEST_CODE, js, "Confirm");
      await expect(page).toHaveURL(/\/login$/);
      await askForSignInCode(page, js, number.national);
      await enterCode(page, "6-digit code", TEST_CODE, js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);
      await expectPhone(page, number.e164);
      expect(await texts(request, number.e164)).toBe(0);
    });
  });
}
