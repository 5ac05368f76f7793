/* People met, without a connection. The event page's quick-add form
   (form[data-offline-capture], templates/events/_people.html) is sent by htmx as usual; when the
   phone is offline, or the send fails, the entry is kept in IndexedDB instead, with the id the
   form gave it (client_ref), and listed under "Waiting to be sent". Kept entries are sent to the
   form's data-sync-url when the connection returns and on every page load; the server adds each
   id once (events.people_met.receive_quick_add), so an entry sent twice adds no one twice. */
(function () {
  "use strict";
  const DB_NAME = "netmed-capture";
  const STORE = "entries";
  const FORM = "form[data-offline-capture]";
  let syncing = false;

  // --- IndexedDB ---------------------------------------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "ref" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function inStore(mode, action) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const transaction = db.transaction(STORE, mode);
          const request = action(transaction.objectStore(STORE));
          transaction.oncomplete = () => {
            db.close();
            resolve(request.result);
          };
          transaction.onerror = () => reject(transaction.error);
        }),
    );
  }

  const allEntries = () => inStore("readonly", (store) => store.getAll());
  const saveEntry = (entry) => inStore("readwrite", (store) => store.put(entry));
  const dropEntry = (ref) => inStore("readwrite", (store) => store.delete(ref));

  // --- the form ----------------------------------------------------------------------------
  function newRef() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function refInput(form) {
    return form.querySelector('input[name="client_ref"]');
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
      return field ? field.value : "";
    }
  }

  function keep(form) {
    const fields = {};
    new FormData(form).forEach((value, name) => {
      if (name !== "csrfmiddlewaretoken") fields[name] = String(value);
    });
    const entry = {
      ref: fields.client_ref,
      syncUrl: form.dataset.syncUrl,
      fields: fields,
      state: "waiting",
      near: [],
      keptAt: Date.now(),
    };
    return saveEntry(entry).then(() => {
      form.reset();
      refInput(form).value = "";
      form.querySelectorAll('input[type="hidden"][name="add_anyway"]').forEach((el) => {
        el.value = "";
      });
      const first = form.querySelector('input[name="given_name"]');
      if (first) first.focus();
      return show();
    });
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target.closest(FORM);
      if (!form) return;
      const ref = refInput(form);
      if (ref && !ref.value) ref.value = newRef();
      if (navigator.onLine) return; // htmx sends it; a failed send is kept below
      event.preventDefault();
      event.stopImmediatePropagation();
      keep(form);
    },
    true,
  );

  document.addEventListener("htmx:sendError", (event) => {
    const form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest(FORM);
    if (form) keep(form);
  });

  // --- what is waiting ---------------------------------------------------------------------
  function entryName(entry) {
    return `${entry.fields.given_name || ""} ${entry.fields.family_name || ""}`.trim();
  }

  function item(entry) {
    const li = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = entryName(entry);
    li.append(name, " ");
    const note = document.createElement("small");
    if (entry.state === "check") {
      note.textContent = `may already be in your contacts (${entry.near.join(", ")}). `;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary outline small";
      button.textContent = `Check ${entryName(entry)}`;
      button.addEventListener("click", () => check(entry));
      li.append(note, button);
    } else if (entry.state === "refused") {
      note.textContent = `could not be added: ${entry.problem}`;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary outline small";
      button.textContent = `Discard ${entryName(entry)}`;
      button.addEventListener("click", () => dropEntry(entry.ref).then(show));
      li.append(note, " ", button);
    } else {
      note.textContent = "kept on this phone, sent when you are back online";
      li.append(note);
    }
    return li;
  }

  function show() {
    const box = document.querySelector("[data-offline-queue]");
    const form = document.querySelector(FORM);
    if (!box || !form) return Promise.resolve();
    return allEntries().then((entries) => {
      const here = entries
        .filter((entry) => entry.syncUrl === form.dataset.syncUrl)
        .sort((a, b) => a.keptAt - b.keptAt);
      const list = box.querySelector("ul");
      list.replaceChildren(...here.map(item));
      box.hidden = here.length === 0;
      const count = box.querySelector("[data-offline-count]");
      if (count) count.textContent = String(here.length);
    });
  }

  // "May already be in your contacts": the entry goes through the page's own "did you mean".
  function check(entry) {
    const form = document.querySelector(FORM);
    if (!form) return;
    for (const [name, value] of Object.entries(entry.fields)) {
      const field = form.elements.namedItem(name);
      if (field && name !== "add_anyway") field.value = value;
    }
    const details = form.closest("details");
    if (details) details.open = true;
    dropEntry(entry.ref).then(() => {
      show();
      form.requestSubmit();
    });
  }

  // --- sending -----------------------------------------------------------------------------
  function send(entry) {
    const body = new FormData();
    for (const [name, value] of Object.entries(entry.fields)) body.append(name, value);
    return fetch(entry.syncUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    });
  }

  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    let added = 0;
    try {
      const entries = (await allEntries()).filter((entry) => entry.state === "waiting");
      entries.sort((a, b) => a.keptAt - b.keptAt);
      for (const entry of entries) {
        let response;
        try {
          response = await send(entry);
        } catch (error) {
          break; // still offline: the next "online" event or page load tries again
        }
        const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
        if (response.redirected || !isJson) {
          if (response.status === 404) {
            await saveEntry({ ...entry, state: "refused", problem: "the event is not there" });
            continue;
          }
          break; // signed out, or the server is down: keep everything for later
        }
        const answer = await response.json();
        if (answer.status === "added" || answer.status === "already") {
          await dropEntry(entry.ref);
          added += 1;
        } else if (answer.status === "ask") {
          await saveEntry({ ...entry, state: "check", near: answer.near });
        } else {
          await saveEntry({ ...entry, state: "refused", problem: "a first name is needed" });
        }
      }
    } finally {
      syncing = false;
    }
    await show();
    if (added) refreshPanel();
  }

  function refreshPanel() {
    const form = document.querySelector(FORM);
    if (!form || !window.htmx || !form.dataset.panelUrl) return;
    window.htmx.ajax("GET", form.dataset.panelUrl, {
      target: "#people-panel",
      select: "#people-panel",
      swap: "outerHTML",
    });
  }

  window.addEventListener("online", sync);
  document.addEventListener("htmx:afterSettle", () => show());
  function start() {
    show().then(sync);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
