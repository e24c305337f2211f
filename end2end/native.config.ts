import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The same server, set up for Cognito's own passwordless sign-in
// (SIGN_IN_FLOW=native): the embedded pool is then on USER_AUTH with
// SMS_OTP, as the template deploys it with SignInFlow=native.
const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;
if (!webServer) throw new Error("the base config starts the server");

export default defineConfig({
  ...base,
  testDir: "./native",
  webServer: {
    ...webServer,
    env: {
      ...webServer.env,
      SIGN_IN_FLOW: "native",
      APP_DATABASE: `sqlite:///tmp/phone-sign-in-e2e-native-app-${process.env.E2E_PORT ?? 3107}.db`,
      SESSION_STORE: `sqlite://${process.env.E2E_SESSION_DB ?? `/tmp/phone-sign-in-e2e-native-${process.env.E2E_PORT ?? 3107}.db`}`,
    },
  },
});
