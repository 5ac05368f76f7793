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
  // Content that asks for focus gets it, wherever focus was. (A page restored from htmx's
  // history, on Back, swaps with no detail.target: the event's own target is the region.)
  const region = event.detail.target || event.target;
  const target = region.querySelector && region.querySelector("[data-autofocus]");
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

// The person picker (contacts/picker.py): type a name, see the near matches from contacts:pick,
// choose one with the arrow keys and Enter (or the mouse); "add as a new contact" comes after
// them. Without this script the typed name is submitted and matched on the server.
function pickerParts(picker) {
  return {
    box: picker.querySelector("[data-picker-input]"),
    options: picker.querySelector("[data-picker-options]"),
    chosen: picker.querySelector("[data-picker-chosen]"),
  };
}

function closePicker(picker) {
  const { box, options } = pickerParts(picker);
  options.hidden = true;
  box.setAttribute("aria-expanded", "false");
  box.removeAttribute("aria-activedescendant");
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  } catch (error) {
    return "";
  }
}

function choosePerson(picker, id, label) {
  const { box, chosen } = pickerParts(picker);
  const multiple = picker.hasAttribute("data-multiple");
  const already = [...chosen.querySelectorAll("input")].some((input) => input.value === id);
  if (!multiple) chosen.replaceChildren();
  if (!already || !multiple) {
    const chip = document.createElement("li");
    chip.className = "picker-chip";
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = id;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "picker-remove";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", `Remove ${label}`);
    remove.textContent = "×";
    chip.append(input, `${label} `, remove);
    chosen.append(chip);
  }
  box.value = "";
  closePicker(picker);
  if (box.form && box.form.hasAttribute("data-picker-submit")) box.form.requestSubmit();
  else box.focus();
}

async function activateOption(picker, option) {
  if (option.dataset.id) {
    choosePerson(picker, option.dataset.id, option.dataset.label);
    return;
  }
  const body = new FormData();
  body.append("name", option.dataset.new);
  const response = await fetch(picker.dataset.addUrl, {
    method: "POST", body, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin",
  });
  const answer = await response.json();
  if (response.ok) choosePerson(picker, answer.id, answer.label);
  else option.textContent = answer.error || "Could not add this person.";
}

const pickerSearches = new WeakMap();

document.addEventListener("input", (event) => {
  const box = event.target.closest && event.target.closest("[data-picker-input]");
  if (!box) return;
  const picker = box.closest("[data-contact-picker]");
  clearTimeout(pickerSearches.get(picker));
  pickerSearches.set(picker, setTimeout(async () => {
    const typed = box.value.trim();
    const { options } = pickerParts(picker);
    if (typed.length < 2) {
      closePicker(picker);
      return;
    }
    const url = `${picker.dataset.searchUrl}&q=${encodeURIComponent(typed)}`;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok || box.value.trim() !== typed) return; // a newer search is on its way
    options.innerHTML = await response.text();
    const found = options.querySelector("[role=option]");
    options.hidden = !options.textContent.trim();
    box.setAttribute("aria-expanded", String(!options.hidden));
    options.querySelectorAll("[role=option]").forEach((option) => {
      option.setAttribute("aria-selected", "false");
    });
    if (found) moveActiveOption(picker, 0);
  }, 200));
});

function moveActiveOption(picker, step) {
  const { box, options } = pickerParts(picker);
  const all = [...options.querySelectorAll("[role=option]")];
  if (!all.length) return;
  const current = all.findIndex((option) => option.getAttribute("aria-selected") === "true");
  const next = current < 0 ? 0 : (current + step + all.length) % all.length;
  all.forEach((option, i) => option.setAttribute("aria-selected", String(i === next)));
  box.setAttribute("aria-activedescendant", all[next].id);
  all[next].scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (event) => {
  const box = event.target.closest && event.target.closest("[data-picker-input]");
  if (!box) return;
  const picker = box.closest("[data-contact-picker]");
  const { options } = pickerParts(picker);
  if (options.hidden) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    moveActiveOption(picker, event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Enter") {
    const active = options.querySelector("[role=option][aria-selected=true]");
    if (!active) return;
    event.preventDefault();
    activateOption(picker, active);
  } else if (event.key === "Escape") {
    event.preventDefault();
    closePicker(picker);
  }
});

document.addEventListener("mousedown", (event) => {
  const option = event.target.closest && event.target.closest("[data-picker-options] [role=option]");
  if (!option) return;
  event.preventDefault(); // keep focus in the box
  activateOption(option.closest("[data-contact-picker]"), option);
});

document.addEventListener("click", (event) => {
  const remove = event.target.closest && event.target.closest("[data-picker-remove]");
  if (!remove) return;
  const picker = remove.closest("[data-contact-picker]");
  remove.closest("li").remove();
  pickerParts(picker).box.focus();
});

document.addEventListener("focusout", (event) => {
  const picker = event.target.closest && event.target.closest("[data-contact-picker]");
  if (picker && !(event.relatedTarget && picker.contains(event.relatedTarget))) {
    closePicker(picker);
  }
});

// "Add another email" (phone, link, position): htmx appends the new row; typing goes on in its
// first field.
document.addEventListener("htmx:afterSwap", (event) => {
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!trigger || !trigger.matches("[data-add-row]")) return;
  const row = event.detail.target && event.detail.target.lastElementChild;
  const first = row && row.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
});

// A college or association chosen from the list ([data-other-choice]) needs no typed name: the
// "other" field after it shows only while "Other" (the empty choice) is selected. Without
// JavaScript both show, and the server keeps the chosen one.
function showOtherField(select) {
  const other = select.closest(".field") && select.closest(".field").nextElementSibling;
  if (other && other.matches(".field")) other.hidden = Boolean(select.value);
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-other-choice]").forEach(showOtherField);
});
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-other-choice]")) showOtherField(event.target);
});
