import { expect, test } from "@playwright/test";
import { enterCode, expectAccessible, expectPhone, latestCode, latestText, ownAddress, ready, texts, wrongCode } from "../tests/helpers";

// Cognito's own passwordless sign-in (SIGN_IN_FLOW=native), with and
// without JavaScript: one text from sign-up to the account page, then a
// sign-in with Cognito's 8-digit code.
for (const js of [true, false]) {
  test.describe(js ? "native, with JavaScript" : "native, without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("sign up and land signed in after one text; sign in again with an 8-digit code", async ({
      page,
      request,
    }) => {
      const national = js ? "(415) 555-0152" : "(415) 555-0153";
      const e164 = js ? "+14155550152" : "+14155550153";
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 400/.test(m.text())) problems.push(m.text());
      });
      await ownAddress(page);

      await page.goto("/signup");
      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(national);
      await page.getByLabel("Name").fill("Grace Hopper");
      await page.getByRole("button", { name: "Send code" }).click();
      await expect(page).toHaveURL(/\/signup\/confirm$/);
      const signupCode = await latestCode(request, e164, 1);
      await ready(page, js);
      await enterCode(page, "6-digit code", signupCode, js, "Confirm");

      // Confirming the number signed the person in: no sign-in page, no second text.
      await expect(page).toHaveURL(/\/account$/);
      await expectPhone(page, e164);
      await expect(page.getByTestId("name")).toHaveText("Grace Hopper");
      await expect(page.getByText("Phone verified")).toHaveCount(0);
      expect(await texts(request, e164)).toBe(1);
      await expectAccessible(page, "account (native)", js);

      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);

      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(national);
      await page.getByRole("button", { name: "Text me a code" }).click();
      await expect(page).toHaveURL(/\/login\/verify$/);
      const code = await latestCode(request, e164, 2, 8);
      await ready(page, js);
      await expect(page.getByLabel("8-digit code")).toBeVisible();
      await expectAccessible(page, "enter code (native)", js);
      await enterCode(page, "8-digit code", wrongCode(code), js, "Sign in");
      await expect(page.locator("#code-error")).toHaveText("That code isn't right. 2 attempts left.");
      await ready(page, js);
      // The whole text message, pasted: the server finds the code in it.
      const message = await latestText(request, e164);
      expect(message).toContain(code);
      await enterCode(page, "8-digit code", message, js, "Sign in");
      await expect(page).toHaveURL(/\/account$/);
      await expectPhone(page, e164);
      expect(await texts(request, e164)).toBe(2);

      // Signing out everywhere takes a step to confirm, then says so.
      await ready(page, js);
      await page.getByText("Sign out everywhere…").click();
      await expect(page.getByText(/signs you out on every device/)).toBeVisible();
      await page.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out=everywhere$/);
      await expect(page.getByRole("status").first()).toHaveText("You're signed out on every device.");
      expect(problems).toEqual([]);
    });
  });
}
