// Runs before the app starts. With VITE_MOCK_IPC=1 (development only) the IPC commands are
// answered by an in-memory stand-in, so screens can be looked at without the Rust side. In a
// normal build the condition is false at build time and the stand-in is not bundled.
export const init = async () => {
  if (import.meta.env.VITE_MOCK_IPC === "1") {
    const { installMockBackend } = await import("$lib/dev/mock-backend");
    installMockBackend();
  }
};
