// Lists of due items have one Done/Snooze form (templates/reminders/_due_groups.html): each
// button names its item (name="ref"), and nothing else of the item is sent with the form. For
// the news that replaces the item ("Done: Email the roster"), htmx's request also carries the
// item's title, read from the item itself.
document.addEventListener("htmx:configRequest", (event) => {
  const button = event.detail.elt;
  if (!(button instanceof Element) || !button.matches(".due-actions button[name=ref]")) return;
  const title = button.closest(".due-item")?.querySelector(".due-title");
  if (title) event.detail.parameters.title = title.textContent.trim();
});
