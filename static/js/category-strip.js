// On phones the category list is one row that scrolls sideways, and it
// starts at its first item. Scroll the row, never the page, so the current
// category is in view. Without this script the row still works, from the
// start.
(function () {
  "use strict";

  var current = document.querySelector(".category-nav .category-current");
  if (!current) {
    return;
  }
  var strip = current.closest("ul");
  if (!strip || strip.scrollWidth <= strip.clientWidth) {
    return;
  }

  var stripBox = strip.getBoundingClientRect();
  var itemBox = current.getBoundingClientRect();
  // Centre the item. The difference of two positions has the same sign in
  // both directions of text, so this works on right-to-left pages too.
  strip.scrollLeft +=
    itemBox.left + itemBox.width / 2 - (stripBox.left + stripBox.width / 2);
})();
