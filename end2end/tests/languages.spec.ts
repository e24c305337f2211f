import { expect, test } from "@playwright/test";
import {
  enterCode,
  expectAccessible,
  freshNumber,
  latestCode,
  latestText,
  ownAddress,
  ready,
  snap,
  wrongCode,
} from "./helpers";

// Pages in the browser's language, a switch that works without JavaScript
// and is remembered, and texts in the page's language (issue 18, item 15).
for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });
    test.beforeEach(async ({ page }) => ownAddress(page));

    test.describe("a browser set to Spanish (Spain)", () => {
      test.use({ locale: "es-ES" });

      test("every page and every text is in Spanish, and axe finds nothing", async ({ page, request }) => {
        const { national, e164 } = freshNumber();
        const heading = page.getByRole("heading", { level: 1 });
        // The README's Spanish screenshots come from the hydrated run.
        const shot = async (name: string) => {
          if (js) await snap(page, `es-${name}`);
        };
        await page.goto("/");
        await expect(page.locator("html")).toHaveAttribute("lang", "es");
        await expect(heading).toHaveText("Inicia sesión con tu teléfono");
        await expectAccessible(page, "home (es)", js);

        await page.goto("/signup");
        await expect(heading).toHaveText("Crear una cuenta");
        await expectAccessible(page, "sign-up (es)", js);
        await page.getByLabel("País").selectOption("US");
        await page.getByLabel("Número de teléfono").fill(national);
        await page.getByRole("button", { name: "Enviar código" }).click();

        await expect(page).toHaveURL(/\/signup\/confirm$/);
        await expect(heading).toHaveText("Confirma tu teléfono");
        const signUpCode = await latestCode(request, e164, 1);
        // The one text of a sign-up: the new account's first sign-in code.
        expect(await latestText(request, e164)).toContain(`${signUpCode} es tu código de inicio de sesión`);
        await ready(page, js);
        await expectAccessible(page, "confirm sign-up (es)", js);
        await shot("confirm-sign-up");
        await enterCode(page, "Código de 6 dígitos", signUpCode, js, "Confirmar");

        await expect(page).toHaveURL(/\/account$/);
        await expect(heading).toHaveText("Tu cuenta");
        await expectAccessible(page, "account (es)", js);
        await shot("account");
        await ready(page, js);
        await page.getByRole("button", { name: "Cerrar sesión", exact: true }).click();

        await expect(page).toHaveURL(/\/login\?signed_out$/);
        await ready(page, js);
        await expectAccessible(page, "sign-in (es)", js);
        await shot("sign-in");
        if (js) {
          // Phone-sized, for the README.
          await page.setViewportSize({ width: 390, height: 844 });
          await snap(page, "es-sign-in-phone");
          await page.setViewportSize({ width: 1280, height: 720 });
        }
        await page.getByLabel("País").selectOption("US");
        await page.getByLabel("Número de teléfono").fill(national);
        await page.getByRole("button", { name: "Envíame un código" }).click();

        await expect(page).toHaveURL(/\/login\/verify$/);
        const code = await latestCode(request, e164, 2);
        expect(await latestText(request, e164)).toContain(`${code} es tu código de inicio de sesión`);
        await ready(page, js);
        await expect(page.locator("#code-expiry")).toHaveText(/El código caduca en [23]:\d\d\./);
        await expectAccessible(page, "enter code (es)", js);
        await enterCode(page, "Código de 6 dígitos", wrongCode(code), js, "Iniciar sesión");
        await expect(page.locator("#code-error")).toHaveText("Ese código no es correcto. Te quedan 2 intentos.");
        await expectAccessible(page, "wrong code (es)", js);
        await shot("wrong-code");
        await ready(page, js);
        await enterCode(page, "Código de 6 dígitos", code, js, "Iniciar sesión");

        await expect(page).toHaveURL(/\/account$/);
        await expect(heading).toHaveText("Tu cuenta");

        await page.goto("/nowhere");
        await expect(heading).toHaveText("Página no encontrada");
        await expectAccessible(page, "not found (es)", js);
      });

      test("the switch changes the language, stays on the page and is remembered", async ({ page }) => {
        await page.goto("/login");
        await expect(page.locator("html")).toHaveAttribute("lang", "es");
        const switcher = page.getByRole("navigation", { name: "Idioma" });
        await expect(switcher.getByRole("button", { name: "Español" })).toHaveAttribute("aria-current", "true");
        await switcher.getByRole("button", { name: "English" }).click();

        await expect(page).toHaveURL(/\/login$/);
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
        await expect(
          page.getByRole("navigation", { name: "Language" }).getByRole("button", { name: "English" }),
        ).toHaveAttribute("aria-current", "true");
        // Remembered: the browser still asks for Spanish first.
        await page.goto("/signup");
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
        await expectAccessible(page, "sign-up after switching to English", js);
      });
    });
  });
}
