// Moves an add-on up or down on a collection's edit page without reloading.
//
// Each arrow is a form that POSTs to the move view, and works without this
// script. With it, the form is sent with fetch(); the view then returns the
// new order as JSON, and the script moves the entry and updates which
// arrows are disabled. Any failure falls back to sending the form itself.

const list = document.querySelector("[data-order-list]");

function updateButtons() {
  const entries = [...list.querySelectorAll("[data-addon-id]")];
  entries.forEach((entry, index) => {
    entry.querySelector('[data-move="up"]').disabled = index === 0;
    entry.querySelector('[data-move="down"]').disabled = index === entries.length - 1;
  });
}

function applyOrder(order) {
  const byId = new Map(
    [...list.querySelectorAll("[data-addon-id]")].map((entry) => [
      Number(entry.dataset.addonId),
      entry,
    ]),
  );
  for (const id of order) {
    const entry = byId.get(id);
    if (entry) {
      list.append(entry);
    }
  }
  updateButtons();
}

async function move(form, button) {
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { "X-Requested-With": "fetch" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    throw new Error(`moving failed with status ${response.status}`);
  }
  const data = await response.json();
  applyOrder(data.order);
  button.focus();
}

if (list) {
  list.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-move-form]");
    if (!form || form.dataset.sending) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button");
    form.dataset.sending = "1";
    move(form, button)
      .catch(() => form.submit())
      .finally(() => delete form.dataset.sending);
  });
}
