// NetMed's small amount of page script. No inline script anywhere: a strict CSP forbids it.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to content htmx swapped in when it asks for it, for keyboard and screen-reader users.
  const target = event.detail.target.querySelector("[data-autofocus]");
  if (target) target.focus();
});
