"""Date and number formats where Django's locale data is incomplete (FORMAT_MODULE_PATH)."""
