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

test.describe("with JavaScript", () => {
  test("reloading after a save or a failure does not replay it", async ({ page }) => {
    await ownAddress(page);
    await signedInWithTestNumber(page, true);
    await page.getByLabel(/Change your name/).fill("Ada");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await expect(page).toHaveURL(/\/account$/);
    await page.reload();
    await expect(page.getByText("Saved.")).toBeHidden();

    await page.goto("/login");
    await page.getByLabel("Phone number").fill("415");
    await page.getByRole("button", { name: "Text me a code" }).click();
    await expect(page.getByText(/too short/)).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    await page.reload();
    await expect(page.getByText(/too short/)).toBeHidden();
  });
});
