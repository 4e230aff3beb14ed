// The media page of the developer hub: while an icon or a screenshot is
// being resized, polls the image status every second and reloads the page
// once every image is done, so the new sizes show.

const POLL_MS = 1000;
// Polling stops after this many tries; a reload shows the state then.
const MAX_POLLS = 120;

async function waitForImages(box) {
  for (let tries = 0; tries < MAX_POLLS; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let data;
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        continue;
      }
      data = await response.json();
    } catch {
      continue;
    }
    if (!data.pending) {
      window.location.reload();
      return;
    }
  }
}

const box = document.getElementById("media");
if (box && box.dataset.pending === "true") {
  waitForImages(box);
}
