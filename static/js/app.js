// NetMed's small amount of page script. No inline script anywhere: a strict CSP forbids it.
document.addEventListener("htmx:afterSwap", (event) => {
  // Move focus to content htmx swapped in when it asks for it, for keyboard and screen-reader users.
  const target = event.detail.target.querySelector("[data-autofocus]");
  if (target) target.focus();
});

// The main menu is a <details>: folded on phones, always open on wide screens (where CSS hides its
// "Menu" summary; a closed <details> would otherwise hide the whole navigation).
const wideScreen = window.matchMedia("(min-width: 900px)");
function openMenuOnWideScreens() {
  document.querySelectorAll("details.nav-menu").forEach((menu) => {
    menu.open = wideScreen.matches;
  });
}
document.addEventListener("DOMContentLoaded", openMenuOnWideScreens);
wideScreen.addEventListener("change", openMenuOnWideScreens);
