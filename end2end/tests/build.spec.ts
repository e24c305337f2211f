import { expect, test } from "@playwright/test";
import { ownAddress, startSignIn } from "./helpers";

// A server and a browser bundle from different builds (say `cargo leptos
// watch`'s site beside a plain `cargo build`'s server): the bundle tells the
// developer and leaves the page as the plain HTML it works as (issue 18,
// item 17).
test("a page written by another build's server is told in the console and stays plain HTML", async ({ page }) => {
  await ownAddress(page);
  await startSignIn(page, true);
  await page.locator("body[data-hydrated]").waitFor();

  // The same page, as a server built from other sources would write it.
  await page.route("**/login/verify", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/data-bundle="[0-9a-f]{16}"/, 'data-bundle="0000000000000000"');
    await route.fulfill({ response, body: html });
  });
  const crashes: string[] = [];
  page.on("pageerror", (e) => crashes.push(e.message));
  const told = page.waitForEvent(
    "console",
    (m) => m.type() === "error" && m.text().includes("built from other sources than this browser bundle"),
  );
  await page.reload();
  expect((await told).text()).toContain("page 0000000000000000");
  // Not started: no countdown moves, nothing marked ready, nothing thrown.
  expect(await page.locator("body").getAttribute("data-hydrated")).toBeNull();
  expect(crashes).toEqual([]);
  await expect(page.getByLabel("6-digit code")).toBeEditable();
});
