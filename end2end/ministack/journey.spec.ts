import { APIRequestContext, expect, test } from "@playwright/test";
import { enterCode, expectPhone, ready, wrongCode } from "../tests/helpers";

// The whole journey, hydrated, through a Cognito this project did not write:
// ministack, with the stack infra/deploy.sh made there and the project's
// own trigger binaries running as Lambda runs them.
const ministack = process.env.MINISTACK_ENDPOINT;

/** The codes the Create trigger texted through SNS, from ministack's SMS log. */
async function texts(request: APIRequestContext, e164: string): Promise<string[]> {
  const url = `${ministack}/_ministack/sns/sms-messages?phoneNumber=${encodeURIComponent(e164)}`;
  const body = await (await request.get(url)).json();
  return (body.sms_messages[e164] ?? []).map((m: { Message: string }) => m.Message);
}

test("sign up with one texted code, see the account, sign out", async ({ page, request }) => {
  const national = "(415) 555-0177";
  const e164 = "+14155550177";

  await page.goto("/signup");
  await ready(page, true);
  await page.getByLabel("Country").selectOption("US");
  await page.getByLabel("Phone number").fill(national);
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page).toHaveURL(/\/signup\/confirm$/);

  // PreSignUp confirmed the account untexted; the one text is its first
  // sign-in's code, from the Create trigger.
  let sent: string[] = [];
  await expect
    .poll(async () => {
      sent = await texts(request, e164);
      return sent.length;
    })
    .toBe(1);
  // The Create trigger's text, as the template configures it.
  expect(sent[0]).toMatch(/^\d{6} is your Phone sign-in sign-in code\. It expires in 3 minutes\./);
  expect(sent[0]).toMatch(/@localhost #\d{6}$/);
  const code = (sent[0].match(/#(\d{6})$/) ?? [])[1];

  await ready(page, true);
  await enterCode(page, "6-digit code", wrongCode(code), true, "Confirm");
  await expect(page.locator("#code-error")).toHaveText("That code isn't right. 2 attempts left.");

  await ready(page, true);
  await enterCode(page, "6-digit code", code, true, "Confirm");
  await expect(page).toHaveURL(/\/account$/);
  await expectPhone(page, e164);
  await expect(page.getByTestId("name")).toHaveText("Ada Lovelace");
  await expect(page.getByTestId("user-id")).toHaveText(/^[0-9a-f-]{36}$/);
  // One text in all, none for the wrong code.
  expect(await texts(request, e164)).toHaveLength(1);

  await ready(page, true);
  await page.getByLabel("Change your name").fill("Ada King");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("name")).toHaveText("Ada King");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signed_out$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
});
