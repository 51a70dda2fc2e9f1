"""Views of the core app: public centre pages, sign-in with second factor, internal area."""
