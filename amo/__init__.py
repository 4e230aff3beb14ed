"""amo: an add-on marketplace in the mould of addons.mozilla.org."""
