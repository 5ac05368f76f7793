// NetMed's small amount of page script. No inline script anywhere: a strict CSP forbids it.

// Parts that only matter without JavaScript (class "no-js-only") hide once it runs.
document.documentElement.classList.add("js");

// Keyboard focus across htmx swaps. When htmx replaces the part of the page that holds the focus
// (a form that logs an interaction, a "Done" button, an event's status buttons), the focused
// element is gone and a keyboard or screen-reader user would be thrown back to the top of the
// page. Put focus back in the new content instead: where it asks for it ([data-autofocus]), on
// the first field with an error, on the same control again, on the news it brings (a status
// message), or on its first control.
let focusWasIn = null;

document.addEventListener("htmx:afterSwap", (event) => {
  // Content that asks for focus gets it, wherever focus was.
  const target = event.detail.target.querySelector("[data-autofocus]");
  if (target) target.focus();
});

function describeControl(el) {
  return [el.tagName, el.type || "", el.name || "", el.value || "", el.textContent.trim()].join("|");
}

function isShown(el) {
  // checkVisibility also sees through a closed <details>, whose content keeps its boxes.
  if (el.checkVisibility) return el.checkVisibility({ visibilityProperty: true });
  return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
}

const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
  + "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

function focusIn(region, control) {
  const controls = [...region.querySelectorAll(FOCUSABLE)].filter(isShown);
  const status = region.matches("[role=status], [role=alert]")
    ? region : region.querySelector("[role=status], [role=alert]");
  const candidates = [
    region.querySelector("[data-autofocus]"),
    region.querySelector("[aria-invalid=true]"),
    controls.find((el) => describeControl(el) === control),
    status,
    controls[0],
    region,
  ];
  for (const el of candidates) {
    if (!el || !isShown(el)) continue;
    if (!el.matches(FOCUSABLE)) el.setAttribute("tabindex", "-1");
    el.focus();
    if (document.activeElement === el) return;
  }
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const active = document.activeElement;
  focusWasIn = target && active && active !== document.body && target.contains(active)
    ? {
      id: target.id,
      parent: target.parentElement,
      next: target.nextElementSibling,
      control: describeControl(active),
    }
    : null;
});

document.addEventListener("htmx:afterSettle", () => {
  const was = focusWasIn;
  focusWasIn = null;
  const active = document.activeElement;
  if (!was || (active && active !== document.body && active.isConnected)) return;
  const region = (was.id && document.getElementById(was.id))
    || (was.next && was.next.isConnected ? was.next.previousElementSibling : null)
    || (was.parent && was.parent.isConnected ? was.parent.lastElementChild : null);
  if (region) focusIn(region, was.control);
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

// On phones the open menu closes with Escape, handing focus back to its "Menu" button, and closes
// when focus moves on past it, so it never covers the page a keyboard user is tabbing through.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || wideScreen.matches) return;
  const menu = event.target.closest && event.target.closest("details.nav-menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
document.addEventListener("focusout", (event) => {
  if (wideScreen.matches) return;
  const menu = event.target.closest && event.target.closest("details.nav-menu[open]");
  if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
});

// Sign-up: the browser's own time zone (Intl), so dates and digests are right from day one.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[data-browser-zone]");
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    // An old browser without Intl: the server's default (Sydney) stands.
  }
});

// From any page: "/" finds a contact, "n" adds one (not while typing in a field).
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const typing = event.target.closest("input, textarea, select, [contenteditable]");
  if (typing) return;
  const find = document.querySelector("[data-quick-find]");
  if (!find) return;
  if (event.key === "/") {
    event.preventDefault();
    find.focus();
  } else if (event.key === "n") {
    const add = find.form.querySelector(".quick-add");
    if (add) window.location.assign(add.href);
  }
});

// "Add another email" (phone, link, position): htmx appends the new row; typing goes on in its
// first field.
document.addEventListener("htmx:afterSwap", (event) => {
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!trigger || !trigger.matches("[data-add-row]")) return;
  const row = event.detail.target.lastElementChild;
  const first = row && row.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
});
