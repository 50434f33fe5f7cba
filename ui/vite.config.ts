import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vitest/config";

// Tauri expects a fixed dev-server port and must see Rust errors in the terminal.
export default defineConfig({
  plugins: [sveltekit()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: "127.0.0.1",
    watch: { ignored: ["**/src-tauri/**"] },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
