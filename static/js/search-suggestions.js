// Suggestions for the site header's search box, as the "list autocomplete"
// combobox of the WAI-ARIA Authoring Practices: the box keeps the focus,
// arrow keys move through a listbox of add-ons (aria-activedescendant),
// Enter opens the highlighted add-on and Escape closes the list. Without
// this script the box is a plain GET form that opens the search page.

const MIN_CHARACTERS = 2;
// Milliseconds without typing before suggestions are requested.
const DEBOUNCE_MS = 200;

// The API's URLs are absolute, on the site's configured address. Only
// their path is kept, so a suggestion opens on the host that served this
// page and its icon passes the page's img-src 'self' policy.
function localPath(url) {
  const parsed = new URL(url, window.location.href);
  return parsed.pathname + parsed.search + parsed.hash;
}

// Without ?lang= a name is an object of translations; with it, a string.
function displayName(name) {
  if (typeof name === "string") {
    return name;
  }
  if (name && typeof name === "object") {
    return Object.values(name).find((text) => typeof text === "string") || "";
  }
  return "";
}

class SearchSuggestions {
  constructor(form) {
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    this.endpoint = form.dataset.suggestUrl;
    this.options = [];
    this.active = -1;
    this.timer = 0;
    this.controller = null;
    this.shownFor = "";

    this.listbox = document.createElement("ul");
    this.listbox.id = `${this.input.id}-suggestions`;
    this.listbox.className = "suggestions";
    this.listbox.hidden = true;
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", form.dataset.suggestLabel || "");
    form.append(this.listbox);

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listbox.id);
    // The browser's own list of past entries would cover the suggestions.
    this.input.setAttribute("autocomplete", "off");

    this.input.addEventListener("input", (event) => {
      // An input method composing CJK text sends input events for each
      // keystroke; the text counts once it is composed.
      if (!event.isComposing) {
        this.schedule();
      }
    });
    this.input.addEventListener("compositionend", () => this.schedule());
    this.input.addEventListener("keydown", (event) => this.onKeyDown(event));
    this.input.addEventListener("focus", () => {
      if (this.shownFor && this.shownFor === this.query()) {
        this.open();
      }
    });
    this.input.addEventListener("blur", () => this.close());
    // Pressing an option must not move the focus out of the box.
    this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.listbox.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) {
        this.choose(this.options.indexOf(option));
      }
    });
    this.listbox.addEventListener("mousemove", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option && this.options.indexOf(option) !== this.active) {
        this.setActive(this.options.indexOf(option));
      }
    });
    form.addEventListener("submit", () => this.cancel());
    // A page restored from the back-forward cache shows no stale list.
    window.addEventListener("pagehide", () => this.close());
  }

  query() {
    return this.input.value.trim();
  }

  // Request suggestions once typing pauses. A request still in flight is
  // for older text, so it is aborted at once.
  schedule() {
    this.cancel();
    const query = this.query();
    if (Array.from(query).length < MIN_CHARACTERS) {
      this.show([], "");
      return;
    }
    this.timer = window.setTimeout(() => this.fetchSuggestions(query), DEBOUNCE_MS);
  }

  cancel() {
    window.clearTimeout(this.timer);
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  }

  async fetchSuggestions(query) {
    const controller = new AbortController();
    this.controller = controller;
    const url = new URL(this.endpoint, window.location.href);
    url.searchParams.set("q", query);
    url.searchParams.set("app", this.form.dataset.app);
    url.searchParams.set("lang", this.form.dataset.lang);
    try {
      // Without cookies the response is the anonymous one, which the page
      // cache can serve.
      const response = await fetch(url, {
        signal: controller.signal,
        credentials: "omit",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        throw new Error(`autocomplete failed with HTTP ${response.status}`);
      }
      const data = await response.json();
      if (!controller.signal.aborted && query === this.query()) {
        this.show(Array.isArray(data.results) ? data.results : [], query);
      }
    } catch (error) {
      // A failed lookup only costs the suggestions: the form still works.
      if (error.name !== "AbortError") {
        this.show([], "");
      }
    } finally {
      if (this.controller === controller) {
        this.controller = null;
      }
    }
  }

  show(results, query) {
    this.options = results.map((result, index) => {
      const option = document.createElement("li");
      option.id = `${this.listbox.id}-${index}`;
      option.className = "suggestion";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = localPath(result.url);

      const icon = document.createElement("img");
      icon.className = "suggestion-icon";
      icon.src = localPath(result.icon_url);
      icon.alt = "";
      icon.width = 32;
      icon.height = 32;

      const name = document.createElement("span");
      name.className = "suggestion-name";
      name.dir = "auto";
      name.textContent = displayName(result.name);

      option.append(icon, name);
      return option;
    });
    this.listbox.replaceChildren(...this.options);
    this.shownFor = this.options.length ? query : "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (this.options.length && document.activeElement === this.input) {
      this.open();
    } else {
      this.close();
    }
  }

  open() {
    if (!this.options.length) {
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  }

  isOpen() {
    return !this.listbox.hidden;
  }

  setActive(index) {
    this.options.forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === index));
    });
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    const option = this.options[index];
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  // Move the highlight by `step`, wrapping around the ends of the list.
  move(step) {
    const count = this.options.length;
    if (!this.isOpen()) {
      this.open();
      this.setActive(step > 0 ? 0 : count - 1);
      return;
    }
    let start = this.active;
    if (start < 0) {
      // With nothing highlighted, Down starts at the first option and Up
      // at the last.
      start = step > 0 ? -1 : count;
    }
    this.setActive((start + step + count) % count);
  }

  choose(index) {
    if (index < 0 || index >= this.options.length) {
      return;
    }
    const url = this.options[index].dataset.url;
    this.cancel();
    this.close();
    window.location.assign(url);
  }

  onKeyDown(event) {
    if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        if (this.options.length) {
          event.preventDefault();
          this.move(event.key === "ArrowDown" ? 1 : -1);
        }
        break;
      case "Enter":
        // With no highlighted add-on, Enter submits the search as usual.
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.cancel();
          this.input.value = "";
          this.show([], "");
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  }
}

for (const form of document.querySelectorAll("form.site-search[data-suggest-url]")) {
  new SearchSuggestions(form);
}
