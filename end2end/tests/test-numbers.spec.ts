import { expect, test } from "@playwright/test";
import { expectPhone, ownAddress, signedInWithTestNumber, texts } from "./helpers";

// A test number (NANP 555-01XX by default outside production) signs up and
// signs in with 424242, and nothing reaches the outbox. With JavaScript on
// and off.
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a test number signs up and in with 424242 and is never texted", async ({ page, request }) => {
      await ownAddress(page);
      // Signs up and in with 424242 (the helper checks each page on the way).
      const number = await signedInWithTestNumber(page, js);
      await expectPhone(page, number.e164);
      expect(await texts(request, number.e164)).toBe(0);
    });
  });
}
