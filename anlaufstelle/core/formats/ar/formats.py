"""Arabic: Django gives no short date-and-time format, so the global default (month first, "m/d/Y")
showed beside the day-first short date. Day first everywhere, 24-hour times as in German letters."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
