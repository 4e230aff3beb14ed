"""The site's own static pages: about and frequently asked questions."""
