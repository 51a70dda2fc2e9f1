"""Writes of the sso module: the provider's settings and a sign-in through it."""

from anlaufstelle.sso.actions.providers import provider_save
from anlaufstelle.sso.actions.signin import external_sign_in

__all__ = ["external_sign_in", "provider_save"]
