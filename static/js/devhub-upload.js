// The upload page of the developer hub: sends the package without leaving
// the page, then polls the upload's status every second and shows the
// validation results that the server renders (the status JSON's `html`).
// Without this script the form posts as usual and the page refreshes
// itself until validation is done.

const POLL_MS = 1000;

class UploadPage {
  constructor(form, statusBox) {
    this.form = form;
    this.statusBox = statusBox;
    this.button = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    const url = statusBox.dataset.statusUrl;
    if (url && statusBox.dataset.processed !== "true") {
      this.poll(url);
    }
  }

  showMessage(text, progress) {
    const paragraph = document.createElement("p");
    paragraph.className = "upload-state";
    paragraph.textContent = text;
    const bar = document.createElement("progress");
    bar.className = "upload-progress";
    bar.max = 100;
    if (progress !== undefined) {
      bar.value = progress;
    }
    this.statusBox.replaceChildren(bar, paragraph);
  }

  showError(text) {
    const paragraph = document.createElement("p");
    paragraph.className = "field-error";
    paragraph.setAttribute("role", "alert");
    paragraph.textContent = text || this.form.dataset.failedText;
    this.statusBox.replaceChildren(paragraph);
    this.button.disabled = false;
  }

  // The server renders the status block with the page's own template, so
  // its HTML is escaped there.
  showStatus(data) {
    this.statusBox.innerHTML = data.html;
    this.statusBox.dataset.processed = data.processed ? "true" : "false";
  }

  send() {
    this.button.disabled = true;
    this.showMessage(this.form.dataset.uploadingText, 0);
    const request = new XMLHttpRequest();
    request.open("POST", this.form.action);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        const percent = Math.round((event.loaded / event.total) * 100);
        this.showMessage(`${this.form.dataset.uploadingText} ${percent}%`, percent);
      }
    });
    request.addEventListener("load", () => {
      const data = request.response || {};
      if (request.status !== 201) {
        this.showError(data.detail);
        return;
      }
      const url = new URL(window.location.href);
      url.searchParams.set("upload", data.uuid);
      window.history.replaceState(null, "", url);
      this.showStatus(data);
      this.button.disabled = false;
      if (!data.processed) {
        this.poll(data.status_url);
      }
    });
    request.addEventListener("error", () => this.showError());
    request.send(new FormData(this.form));
  }

  async poll(url) {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      let data;
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) {
          throw new Error(`HTTP ${response.status}`);
        }
        data = await response.json();
      } catch {
        // A lost response is retried on the next tick.
        continue;
      }
      this.showStatus(data);
      if (data.processed) {
        return;
      }
    }
  }
}

const form = document.getElementById("upload-form");
const statusBox = document.getElementById("upload-status");
if (form && statusBox) {
  new UploadPage(form, statusBox);
}
