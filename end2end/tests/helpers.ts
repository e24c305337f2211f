import { APIRequestContext, Page, expect } from "@playwright/test";

/** The newest code texted to `e164`, from the local outbox. */
export async function latestCode(request: APIRequestContext, e164: string, count: number): Promise<string> {
  const url = `/_dev/sms?to=${encodeURIComponent(e164)}`;
  // The text is delivered before the page moves on, so `count` messages exist
  // by the time we ask; the poll only guards a slow CI box.
  let messages: Array<{ code: string | null; kind: string }> = [];
  await expect
    .poll(async () => {
      messages = await (await request.get(url)).json();
      return messages.length;
    })
    .toBeGreaterThanOrEqual(count);
  const code = messages[messages.length - 1].code;
  expect(code).toMatch(/^\d{6}$/);
  return code as string;
}

export function wrongCode(code: string): string {
  return `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
}

/** With JavaScript on, wait until the page has hydrated before using it. */
export async function ready(page: Page, js: boolean) {
  if (js) {
    await page.locator("body[data-hydrated]").waitFor();
  }
}
