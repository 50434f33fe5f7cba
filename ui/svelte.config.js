import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: {
    runes: true,
  },
  kit: {
    // A single-page app: Tauri serves index.html for every route.
    adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
    // Inline nothing from outside; the app is offline.
    csp: undefined,
  },
};

export default config;
