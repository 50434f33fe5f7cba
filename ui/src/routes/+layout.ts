// A static single-page app: Tauri serves index.html for every route and all data comes over IPC.
export const ssr = false;
export const prerender = false;
