// The portal's only script of its own (the CSP allows no inline script): small helpers the circuit calls, and the
// reconnect banner's buttons.
window.adminPortal = {
  // A cookie the server composes (the theme: ThemeCookie.For).
  setCookie(cookie) {
    document.cookie = cookie;
  },
  async copy(text) {
    await navigator.clipboard.writeText(text);
  },
};

document.addEventListener("click", e => {
  if (e.target.closest(".ap-reconnect-retry")) Blazor.reconnect();
  if (e.target.closest(".ap-reconnect-reload")) location.reload();
});
