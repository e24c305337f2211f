import { expect, test } from "@playwright/test";
import { askForSignInCode, freshNumber, ownAddress, ready } from "./helpers";

// The same number asked for from a second device within its minute: the
// wait counts down on the page (JavaScript), and says its seconds without.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a second device's wait for the same number is said, and counts down", async ({ page, browser }) => {
      await ownAddress(page);
      const number = freshNumber();
      await page.goto("/login");
      await askForSignInCode(page, js, number.national);

      const other = await browser.newContext({ javaScriptEnabled: js });
      const second = await other.newPage();
      await ownAddress(second);
      await second.goto("/login");
      await ready(second, js);
      await second.getByLabel("Country").selectOption("US");
      await second.getByLabel("Phone number").fill(number.national);
      await second.getByRole("button", { name: "Text me a code" }).click();
      const wait = second.getByRole("timer");
      // The page-level error takes the focus (issue 27, low 13).
      await expect(second.getByRole("alert").filter({ has: wait })).toBeFocused();
      if (js) {
        await ready(second, js);
        await expect(wait).toHaveText(/^Too many requests\. Try again in [01]:\d\d\.$/);
        const first = await wait.textContent();
        await expect(wait).not.toHaveText(first ?? "");
      } else {
        // A wait of exactly 60 seconds is said "a minute".
        await expect(wait).toHaveText(/^Too many requests\. Try again in (\d+ seconds|a minute)\.$/);
      }
      await other.close();
    });
  });
}
