"""The demo catalogue: add-ons, authors and artwork written for amo."""
