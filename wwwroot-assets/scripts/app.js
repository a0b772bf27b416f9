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
  // A file the circuit composed (a pre-flight's findings, its change files), saved by the browser under its name.
  download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  },
};

document.addEventListener("click", e => {
  if (e.target.closest(".ap-reconnect-retry")) Blazor.reconnect();
  if (e.target.closest(".ap-reconnect-reload")) location.reload();
});

// The server was reached but no longer knows this page's circuit: its instance restarted or died, and the balancer
// sent the reconnection elsewhere. The page's state is in its URL, so loading it again gives the same view on a live
// circuit at once; the banner's "reload" would only make the admin do it.
document.getElementById("components-reconnect-modal")?.addEventListener("components-reconnect-state-changed", e => {
  if (e.detail.state === "rejected") location.reload();
});
