"""A job kind for `make prod-check`'s drills: works slowly, so a worker can be killed in the middle."""
