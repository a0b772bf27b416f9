// The portal's only script of its own (the CSP allows no inline script): small helpers the circuit calls, and the
// reconnect banner's buttons.
window.adminPortal = {
  // The theme is remembered in a cookie so the first, server-rendered paint already has it (no flash of light).
  rememberTheme(dark) {
    document.cookie = `AdminPortal.Theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
  },
  async copy(text) {
    await navigator.clipboard.writeText(text);
  },
};

document.addEventListener("click", e => {
  if (e.target.closest(".ap-reconnect-retry")) Blazor.reconnect();
  if (e.target.closest(".ap-reconnect-reload")) location.reload();
});
