import { expect, test } from "@playwright/test";
import { ownAddress, signedInWithTestNumber } from "./helpers";

// The account page's steps to confirm ("Sign out everywhere…", "Change
// number…", "Delete account…") keep their toggle when open, so they can be
// cancelled: pressed again, or with Escape where JavaScript runs.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a step to confirm opens, keeps its toggle, and closes again without doing anything", async ({ page }) => {
      await ownAddress(page);
      await signedInWithTestNumber(page, js);
      for (const [toggle, inside] of [
        ["Sign out everywhere…", /signs you out on every device/],
        ["Change number…", /keeps working until you enter that code/],
        ["Delete account…", /deletes your account for good/],
      ] as const) {
        const summary = page.locator("summary", { hasText: toggle });
        await summary.click();
        await expect(page.getByText(inside)).toBeVisible();
        await expect(summary).toBeVisible();
        if (js) {
          await page.getByText(inside).click();
          await page.keyboard.press("Escape");
          await expect(summary).toBeFocused();
        } else {
          await summary.click();
        }
        await expect(page.getByText(inside)).toBeHidden();
      }
      await expect(page).toHaveURL(/\/account$/);
    });
  });
}
