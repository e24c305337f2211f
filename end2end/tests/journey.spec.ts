import { expect, test } from "@playwright/test";
import { enterCode, expectAccessible, expectPhone, latestCode, loadsCode, ownAddress, ready, snap, texts, wrongCode } from "./helpers";

// The same journey twice: with JavaScript on (the code pages load their
// small bundle), and off (plain HTML forms everywhere).
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("sign up with one text, see the account, sign out, sign in with a code", async ({ page, request }) => {
      // Distinct numbers per variant: both run against one server.
      const national = js ? "(415) 555-0342" : "(415) 555-0343";
      const e164 = js ? "+14155550342" : "+14155550343";
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      // A wrong code's page comes back with a 400 on purpose; the browser logs that.
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 400/.test(m.text())) problems.push(m.text());
      });

      await ownAddress(page);
      // Screenshots for the README come from the hydrated run.
      const shot = async (name: string) => {
        if (js) await snap(page, name);
      };
      await page.goto("/");
      await expectAccessible(page, "home", js);
      await shot("home");
      await page.goto("/signup");
      await ready(page, js);
      await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
      // Nothing on this page needs code in the browser, so it loads none.
      expect(await loadsCode(page)).toBe(false);
      await expectAccessible(page, "sign-up", js);
      await shot("sign-up");
      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(national);
      await page.getByLabel("Name").fill("Ada Lovelace");
      await page.getByRole("button", { name: "Send code" }).click();

      await expect(page).toHaveURL(/\/signup\/confirm$/);
      // The number as typed, in full: the person checks it here.
      await expect(page.getByText(`+1 415-555-${e164.slice(8)}`)).toBeVisible();
      const signupCode = await latestCode(request, e164, 1);
      await ready(page, js);
      // Arrived at by a form post, with or without JavaScript: the field
      // to type in already has focus (issue 18, item 4).
      await expect(page.getByLabel("6-digit code")).toBeFocused();
      await expectAccessible(page, "confirm sign-up", js);
      await shot("confirm-sign-up");
      await enterCode(page, "6-digit code", signupCode, js, "Confirm");

      // One text made the account and signed it in (issue 27, medium 1).
      await expect(page).toHaveURL(/\/account$/);
      expect(await texts(request, e164)).toBe(1);
      await expectPhone(page, e164);
      await expect(page.getByTestId("name")).toHaveText("Ada Lovelace");
      await expect(page.getByTestId("user-id")).toHaveText(/^[0-9a-f-]{36}$/);
      await expect(page.getByText("Phone verified")).toHaveCount(0);
      await expectAccessible(page, "account", js);
      await shot("account");

      await ready(page, js);
      await page.getByLabel("Change your name").fill("Ada King");
      await page.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByTestId("name")).toHaveText("Ada King");
      await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveText("Saved.");

      // Signed in, the public pages say so (issue 18, item 11).
      const shown = `+1 415-555-${e164.slice(8)}`;
      await page.goto("/");
      await expect(page.getByRole("status").filter({ hasText: "Signed in as" })).toContainText(shown);
      await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);
      await page.goto("/login");
      await expect(page.getByText(`Signed in as ${shown}`)).toBeVisible();
      await expectAccessible(page, "sign-in, signed in", js);
      await page.getByRole("link", { name: "Your account" }).click();
      await expect(page).toHaveURL(/\/account$/);

      await ready(page, js);
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signed_out$/);
      await expect(page.getByRole("status").first()).toHaveText("You're signed out.");
      await page.goto("/account");
      await expect(page).toHaveURL(/\/login$/);

      // Signing in again: a code to the number.
      await ready(page, js);
      await expectAccessible(page, "sign-in", js);
      await shot("sign-in");
      await page.getByLabel("Country").selectOption("US");
      await page.getByLabel("Phone number").fill(national);
      await page.getByRole("button", { name: "Text me a code" }).click();

      await expect(page).toHaveURL(/\/login\/verify$/);
      await expect(page.getByText(/We sent a code to \+1 415-555-034\d/)).toBeVisible();
      const code = await latestCode(request, e164, 2);
      await ready(page, js);
      await expect(page.locator("#code-expiry")).toHaveText(/The code expires in [23]:\d\d\./);
      // The code page is the one with a bundle (countdowns, WebOTP).
      expect(await loadsCode(page)).toBe(true);
      await expect(page.getByLabel("6-digit code")).toBeFocused();
      await expectAccessible(page, "enter code", js);
      await shot("enter-code");
      if (js) {
        // Phone-sized, for the README.
        await page.setViewportSize({ width: 390, height: 844 });
        await shot("enter-code-phone");
        await page.setViewportSize({ width: 1280, height: 720 });
      }
      // Help for a code that does not come, with or without JavaScript.
      await page.getByText("Didn't get a code?").click();
      await expect(page.getByText(/Check the number above/)).toBeVisible();

      await enterCode(page, "6-digit code", wrongCode(code), js, "Sign in");
      await expect(page.locator("#code-error")).toHaveText("That code isn't right. 2 attempts left.");
      await expect(page.getByLabel("6-digit code")).toHaveAttribute("aria-invalid", "true");
      // Every form is a plain form post, with or without JavaScript: the
      // error comes back through a redirect that carries it; where
      // JavaScript runs, the page then takes it out of the address, so
      // that a reload does not replay it.
      if (js) await expect(page).not.toHaveURL(/__err/);
      else expect(page.url()).toContain("__err");
      // Focus lands on the field to fix (autofocus on the page that shows the error).
      await expect(page.getByLabel("6-digit code")).toBeFocused();
      await expectAccessible(page, "wrong code", js);
      await shot("wrong-code");

      await ready(page, js);
      // Pasted as people paste it: the field keeps all of it (no maxlength
      // cuts "471 674" to "471 67"), and the server takes the digits.
      if (js) {
        // Typed digit by digit: the page sends the form at the last one,
        // with no press of the button.
        await page.getByLabel("6-digit code").pressSequentially(code);
      } else {
        const pasted = `${code.slice(0, 3)} ${code.slice(3)}`;
        await page.getByLabel("6-digit code").fill(pasted);
        await expect(page.getByLabel("6-digit code")).toHaveValue(pasted);
        await page.getByRole("button", { name: "Sign in" }).click();
      }

      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId("name")).toHaveText("Ada King");
      expect(problems).toEqual([]);
    });
  });
}
